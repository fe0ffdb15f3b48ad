//! Appending to the log ([`AuditLog`]): owner-only files, one exclusive lock from reading
//! the last line to the sync, one write per line, and the repair of a fragment left by a
//! crash (module docs of [`super`]).

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::read::parse_line;
use super::{AuditError, AuditRecord, GENESIS, line_hash};

/// How many bytes are read at a time when looking for the last lines.
const CHUNK: u64 = 8192;

/// An audit log open for appending.
///
/// Opening creates the file (mode 0600) and its missing folders (0700) on Unix; an existing
/// file open to group or others is tightened to 0600 when the process owns it (else left
/// as it is), and [`AuditLog::loose_permissions`] tells the front end, which warns. The file is opened in append mode, so every write lands at
/// the end and a crash can never damage earlier lines. [`AuditLog::append`] takes
/// `&mut self`: one handle appends one record at a time, and several handles (threads or
/// processes) are serialised by the file lock.
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    file: File,
    loose: Option<LoosePermissions>,
}

/// An existing log found readable or writable by group or others when it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoosePermissions {
    /// Its permission bits as found, e.g. `0o644`.
    pub mode: u32,
    /// Whether they were set to `0o600` (the process owns the file); else left as found.
    pub tightened: bool,
}

/// An open log file's group and other permission bits: set to 0600 when the process's
/// effective user owns it (`fchmod`), else left as found; what was found, when any of
/// them was set.
#[cfg(unix)]
fn tighten(file: &File, metadata: &std::fs::Metadata) -> Option<LoosePermissions> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mode = metadata.mode() & 0o7777;
    if mode & 0o077 == 0 {
        return None;
    }
    let ours = metadata.uid() == rustix::process::geteuid().as_raw();
    let tightened = ours
        && file
            .set_permissions(std::fs::Permissions::from_mode(0o600))
            .is_ok();
    Some(LoosePermissions { mode, tightened })
}

/// No permission bits to check elsewhere.
#[cfg(not(unix))]
fn tighten(_file: &File, _metadata: &std::fs::Metadata) -> Option<LoosePermissions> {
    None
}

/// A record with its chain fields, as written.
#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    record: &'a AuditRecord,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    repaired_truncation: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    intact_prev: Option<String>,
    prev: String,
}

impl AuditLog {
    /// Opens (creating it if needed) the log at `path` for appending. This is the check a
    /// front end makes before it touches the card: a log that cannot be opened for writing
    /// fails here.
    ///
    /// # Errors
    ///
    /// [`AuditError::Unwritable`] when a folder cannot be created or the file cannot be
    /// opened for appending (no permission, a folder in its place, a read-only disk…).
    pub fn open(path: &Path) -> Result<AuditLog, AuditError> {
        let unwritable = |source| AuditError::Unwritable {
            path: path.to_owned(),
            source,
        };
        if let Some(folder) = path
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
        {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(folder).map_err(unwritable)?;
        }
        let mut options = OpenOptions::new();
        options.read(true).append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(path).map_err(unwritable)?;
        let metadata = file.metadata().map_err(unwritable)?;
        if !metadata.is_file() {
            return Err(unwritable(std::io::Error::other("not a regular file")));
        }
        let loose = tighten(&file, &metadata);
        Ok(AuditLog {
            path: path.to_owned(),
            file,
            loose,
        })
    }

    /// Whether the log was open to group or others when opened, and whether that was
    /// fixed (`None`: it was owner-only, or was created now).
    pub fn loose_permissions(&self) -> Option<LoosePermissions> {
        self.loose
    }

    /// The log's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `record` as one line chained to the last one, and returns the new line's
    /// hash. Holds an exclusive lock on the file from reading the last line to the sync,
    /// writes `line + "\n"` (after a `"\n"` when the file ended in a fragment) with one
    /// `write_all`, then flushes and syncs it to disk before returning.
    ///
    /// # Errors
    ///
    /// [`AuditError::Unwritable`] when the file cannot be locked, read, written or synced.
    /// The line is then either absent or a fragment that the next append repairs.
    pub fn append(&mut self, record: &AuditRecord) -> Result<String, AuditError> {
        let path = self.path.clone();
        let unwritable = |source| AuditError::Unwritable { path, source };
        if let Err(error) = self.file.lock() {
            return Err(unwritable(error));
        }
        let written = self.append_locked(record);
        // Closing the file would release the lock too; an unlock failure changes nothing
        // about the line, which is written and synced (or not) by now.
        let _ = self.file.unlock();
        match &written {
            Ok(_) => tracing::info!(
                path = %self.path.display(),
                procedure = ?record.procedure,
                outcome = ?record.outcome,
                "audit record appended and synced"
            ),
            Err(error) => {
                tracing::info!(path = %self.path.display(), %error, "audit record not written")
            }
        }
        written.map_err(unwritable)
    }

    /// The append itself, under the lock.
    fn append_locked(&mut self, record: &AuditRecord) -> std::io::Result<String> {
        let tail = read_tail(&mut self.file)?;
        let line = Line {
            record,
            repaired_truncation: tail.fragment,
            intact_prev: tail.intact_prev,
            prev: tail.prev,
        };
        let text = serde_json::to_string(&line).map_err(std::io::Error::other)?;
        let mut bytes = Vec::with_capacity(text.len() + 2);
        if tail.fragment {
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(text.as_bytes());
        bytes.push(b'\n');
        self.file.write_all(&bytes)?;
        self.file.flush()?;
        self.file.sync_all()?;
        Ok(line_hash(text.as_bytes()))
    }
}

/// What the next line chains to.
#[derive(Debug, PartialEq)]
struct Tail {
    /// The hash of the last line or fragment ([`GENESIS`] for an empty file).
    prev: String,
    /// Whether the file ends in a fragment (no newline).
    fragment: bool,
    /// With a fragment: the hash of the last well-formed record before it, or [`GENESIS`].
    intact_prev: Option<String>,
}

/// Reads the end of the file: its last line, and after a fragment the last record.
fn read_tail<F: Read + Seek>(file: &mut F) -> std::io::Result<Tail> {
    let mut segments = Backwards::new(file)?;
    let Some(last) = segments.next_segment()? else {
        return Ok(Tail {
            prev: GENESIS.to_owned(),
            fragment: false,
            intact_prev: None,
        });
    };
    if !last.is_empty() {
        let mut intact = GENESIS.to_owned();
        while let Some(line) = segments.next_segment()? {
            if parse_line(&line).is_some() {
                intact = line_hash(&line);
                break;
            }
        }
        return Ok(Tail {
            prev: line_hash(&last),
            fragment: true,
            intact_prev: Some(intact),
        });
    }
    // The file ends with a newline: the line before it is the last line.
    let line = segments.next_segment()?.unwrap_or_default();
    Ok(Tail {
        prev: line_hash(&line),
        fragment: false,
        intact_prev: None,
    })
}

/// The segments between newlines of a file, from the last one back: first what follows
/// the last newline (empty when the file ends with one), then each line before it. An
/// empty file has no segments.
struct Backwards<'a, F> {
    file: &'a mut F,
    /// The file offset where `buffer` starts.
    start: u64,
    /// The bytes from `start` not yet returned.
    buffer: Vec<u8>,
    /// Whether the first segment of the file was returned.
    done: bool,
}

impl<'a, F: Read + Seek> Backwards<'a, F> {
    fn new(file: &'a mut F) -> std::io::Result<Self> {
        let start = file.seek(SeekFrom::End(0))?;
        Ok(Backwards {
            file,
            start,
            buffer: Vec::new(),
            done: start == 0,
        })
    }

    fn next_segment(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        loop {
            if self.done {
                return Ok(None);
            }
            if let Some(at) = self.buffer.iter().rposition(|&byte| byte == b'\n') {
                let segment = self.buffer.split_off(at + 1);
                self.buffer.truncate(at);
                return Ok(Some(segment));
            }
            if self.start == 0 {
                self.done = true;
                return Ok(Some(std::mem::take(&mut self.buffer)));
            }
            let size = self.start.min(CHUNK);
            self.start -= size;
            self.file.seek(SeekFrom::Start(self.start))?;
            let mut chunk = vec![0; usize::try_from(size).map_err(std::io::Error::other)?];
            self.file.read_exact(&mut chunk)?;
            chunk.extend_from_slice(&self.buffer);
            self.buffer = chunk;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn segments(bytes: &[u8]) -> Vec<Vec<u8>> {
        let mut cursor = Cursor::new(bytes.to_vec());
        let mut backwards = Backwards::new(&mut cursor).unwrap();
        let mut found = Vec::new();
        while let Some(segment) = backwards.next_segment().unwrap() {
            found.push(segment);
        }
        found.reverse();
        found
    }

    #[test]
    fn segments_backwards_equal_a_split_on_newlines() {
        let long = vec![b'x'; 3 * CHUNK as usize + 5];
        let mut big = long.clone();
        big.push(b'\n');
        big.extend_from_slice(b"tail");
        for bytes in [
            b"".to_vec(),
            b"\n".to_vec(),
            b"a\nb\n".to_vec(),
            b"a\nb".to_vec(),
            b"\n\nfragment".to_vec(),
            big,
            long,
        ] {
            let expected: Vec<Vec<u8>> = if bytes.is_empty() {
                Vec::new()
            } else {
                bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
            };
            assert_eq!(
                segments(&bytes),
                expected,
                "{:?}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }

    #[test]
    fn the_tail_of_an_empty_file_is_genesis() {
        let tail = read_tail(&mut Cursor::new(Vec::new())).unwrap();
        assert_eq!(tail.prev, GENESIS);
        assert!(!tail.fragment);
    }
}
