//! A profile file held while its card is in use: read under an exclusive lock, written
//! back (only when the card changed, keeping the user's comments, layout, owner, group,
//! mode and hard links), unlocked when dropped.
//!
//! **The lock.** [`ProfileFile::open`] takes an exclusive `flock` on the profile file
//! itself (no sidecar file: a read-only folder still works, nothing is left behind) and
//! reads the card only once the lock is held, so two commands on one card run one after
//! the other. Writing back may *replace* the file (a rename), which a waiting command
//! would not see through the descriptor it locked: so after taking the lock, `open`
//! checks that the path still names the file it locked, and otherwise opens it again.
//! The lock is advisory: it orders mynapin commands (and [`Profile::load`], which takes
//! a shared lock to read), not an editor writing the file meanwhile.
//!
//! **What is read.** Only a regular file (or a symbolic link to one): a FIFO, a device,
//! a folder is refused ([`ProfileError::NotRegularFile`]; the file is opened with
//! `O_NONBLOCK` so that opening a FIFO cannot block), and at most [`MAX_PROFILE_SIZE`]
//! bytes ([`ProfileError::TooLarge`]).
//!
//! **Writing back.** [`ProfileFile::write_back`] writes nothing when the card's state is
//! the one loaded (`status`, a verify that changed no counter). Otherwise only the values
//! that changed are replaced in the file's own text (`toml_edit`), so comments, order and
//! spacing stay. A file without write permission is refused ([`ProfileError::ReadOnly`]),
//! never replaced. A file with one link is replaced atomically (a temporary file, synced,
//! renamed; owner, group and mode copied); a file with several hard links is rewritten in
//! place, so every link keeps naming the card: a crash in the middle of that write could
//! leave it cut short (the trade-off against splitting the links), while other mynapin
//! commands, which wait for the lock, never see it half written.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use super::{Profile, ProfileError};

/// Largest profile file read (64 KiB; the default profile is about 2 KiB).
pub const MAX_PROFILE_SIZE: u64 = 64 * 1024;

/// How many times [`ProfileFile::open`] opens the file again when it was replaced while
/// waiting for the lock (each time, another command wrote the card meanwhile).
const REOPEN_LIMIT: usize = 100;

/// A profile file opened and locked, with the card it held.
#[derive(Debug)]
pub struct ProfileFile {
    path: PathBuf,
    file: File,
    text: String,
    loaded: Profile,
}

impl ProfileFile {
    /// Opens `path`, waits for its exclusive lock, then reads and checks the card.
    pub fn open(path: &Path) -> Result<ProfileFile, ProfileError> {
        let (file, text) = open_locked(path, Lock::Exclusive)?;
        let loaded = Profile::parse(&text, path)?;
        Ok(ProfileFile {
            path: path.to_owned(),
            file,
            text,
            loaded,
        })
    }

    /// The card as loaded.
    pub fn profile(&self) -> &Profile {
        &self.loaded
    }

    /// Writes `card` back if it differs from the card loaded, then unlocks the file.
    /// Returns whether the file was written.
    pub fn write_back(self, card: &Profile) -> Result<bool, ProfileError> {
        if *card == self.loaded {
            return Ok(false);
        }
        let io_error = |source| ProfileError::Io {
            path: self.path.clone(),
            source,
        };
        let metadata = self.file.metadata().map_err(io_error)?;
        let read_only = || ProfileError::ReadOnly {
            path: self.path.clone(),
        };
        if metadata.permissions().readonly() {
            return Err(read_only());
        }
        // Opening for writing checks access the way the system does (owner, group, ACL,
        // a read-only file system) without changing anything.
        let mut writer = match OpenOptions::new().write(true).open(&self.path) {
            Ok(writer) => writer,
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
                ) =>
            {
                return Err(read_only());
            }
            Err(error) => return Err(io_error(error)),
        };
        let text = updated_text(&self.text, &self.loaded, card);
        let same_file = writer
            .metadata()
            .is_ok_and(|now| crate::file_identity::same_file(&now, &metadata));
        if !same_file {
            // Cannot happen while the lock is held by mynapin; someone else replaced it.
            return Err(io_error(std::io::Error::other(
                "the profile file was replaced while the card was in use",
            )));
        }
        if crate::file_identity::link_count(&metadata) > 1 {
            write_in_place(&mut writer, text.as_bytes()).map_err(io_error)?;
        } else {
            drop(writer);
            let written = match crate::file_identity::owner(&metadata) {
                Some(owner) => {
                    crate::atomic_file::write_atomically_owned(&self.path, text.as_bytes(), owner)
                }
                None => crate::atomic_file::write_atomically(&self.path, text.as_bytes()),
            };
            match written {
                Ok(()) => {}
                // The owner could not be kept (not root, someone else's group-writable
                // file): write in place, which keeps it.
                Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
                    let mut writer = OpenOptions::new()
                        .write(true)
                        .open(&self.path)
                        .map_err(io_error)?;
                    write_in_place(&mut writer, text.as_bytes()).map_err(io_error)?;
                }
                Err(error) => return Err(io_error(error)),
            }
        }
        // The lock goes with `self.file`, after the new text is in place.
        drop(self.file);
        Ok(true)
    }
}

/// Which lock to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lock {
    /// Readers share it ([`Profile::load`]).
    Shared,
    /// A card in use ([`ProfileFile::open`]).
    Exclusive,
}

/// Opens a regular file without blocking, locks it, makes sure the path still names it,
/// and reads at most [`MAX_PROFILE_SIZE`] bytes of UTF-8.
pub(super) fn open_locked(path: &Path, lock: Lock) -> Result<(File, String), ProfileError> {
    let io_error = |source| ProfileError::Io {
        path: path.to_owned(),
        source,
    };
    for _ in 0..REOPEN_LIMIT {
        let file = crate::file_identity::open_for_reading(path).map_err(io_error)?;
        let metadata = file.metadata().map_err(io_error)?;
        if !metadata.is_file() {
            return Err(ProfileError::NotRegularFile {
                path: path.to_owned(),
            });
        }
        match lock {
            Lock::Shared => file.lock_shared(),
            Lock::Exclusive => file.lock(),
        }
        .map_err(io_error)?;
        let still_named = std::fs::metadata(path)
            .is_ok_and(|now| crate::file_identity::same_file(&now, &metadata));
        if !still_named {
            continue;
        }
        let mut bytes = Vec::new();
        (&file)
            .take(MAX_PROFILE_SIZE + 1)
            .read_to_end(&mut bytes)
            .map_err(io_error)?;
        if bytes.len() as u64 > MAX_PROFILE_SIZE {
            return Err(ProfileError::TooLarge {
                path: path.to_owned(),
                max: MAX_PROFILE_SIZE,
            });
        }
        let text = String::from_utf8(bytes).map_err(|_| {
            io_error(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "stream did not contain valid UTF-8",
            ))
        })?;
        return Ok((file, text));
    }
    Err(io_error(std::io::Error::other(
        "the profile file kept being replaced",
    )))
}

/// Replaces the file's content through `writer` (same inode, same links).
fn write_in_place(writer: &mut File, bytes: &[u8]) -> std::io::Result<()> {
    writer.seek(SeekFrom::Start(0))?;
    writer.write_all(bytes)?;
    writer.set_len(bytes.len() as u64)?;
    writer.sync_all()
}

/// The file's text with the values that differ between `loaded` and `card` replaced
/// (each keeping its comments and spacing); the whole profile written anew only when a
/// changed value cannot be found in the text.
fn updated_text(text: &str, loaded: &Profile, card: &Profile) -> String {
    let edited = (|| {
        let mut document: DocumentMut = text.parse().ok()?;
        let before = toml::Table::try_from(loaded).ok()?;
        let after = toml::Table::try_from(card).ok()?;
        let mut changes = Vec::new();
        changed_leaves(&before, &after, &mut Vec::new(), &mut changes);
        for (path, value) in changes {
            set_leaf(document.as_table_mut(), &path, &value)?;
        }
        Some(document.to_string())
    })();
    edited.unwrap_or_else(|| card.to_toml())
}

/// Collects `(dotted path, new value)` for each leaf of `after` that `before` lacks or
/// holds differently.
fn changed_leaves(
    before: &toml::Table,
    after: &toml::Table,
    path: &mut Vec<String>,
    changes: &mut Vec<(Vec<String>, toml::Value)>,
) {
    for (key, value) in after {
        path.push(key.clone());
        match (before.get(key), value) {
            (Some(toml::Value::Table(old)), toml::Value::Table(new)) => {
                changed_leaves(old, new, path, changes);
            }
            (Some(old), new) if old == new => {}
            (_, new) => changes.push((path.clone(), new.clone())),
        }
        path.pop();
    }
}

/// Sets the value at `path` in `table`, keeping the old value's comments and spacing.
/// `None` when the path is not in the text or the value is not a plain scalar.
fn set_leaf(
    table: &mut dyn toml_edit::TableLike,
    path: &[String],
    value: &toml::Value,
) -> Option<()> {
    let (last, parents) = path.split_last()?;
    let mut table = table;
    for key in parents {
        table = table.get_mut(key)?.as_table_like_mut()?;
    }
    let mut new = match value {
        toml::Value::String(text) => toml_edit::Value::from(text.as_str()),
        toml::Value::Integer(number) => toml_edit::Value::from(*number),
        toml::Value::Boolean(flag) => toml_edit::Value::from(*flag),
        _ => return None,
    };
    let Some(item) = table.get_mut(last) else {
        // A key the file left to its default (the description a card writes back when a
        // counter changed, the preset): added to its table, the rest of the text kept.
        table.insert(last, toml_edit::Item::Value(new));
        return Some(());
    };
    let old = item.as_value_mut()?;
    *new.decor_mut() = old.decor().clone();
    *old = new;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_the_file_lacks_is_added_and_the_comments_stay() {
        let text = "# my card, keep this note\n[pins.auth]\nvalue = \"1234\" # demo\ntries_left = 3\nmax_tries = 3\n\n[pins.sign]\nvalue = \"ABCD1234\"\ntries_left = 5\nmax_tries = 5\n\n[pins.text]\nvalue = \"1234\"\ntries_left = 3\nmax_tries = 3\n\n[pins.juki]\nvalue = \"1234\"\ntries_left = 3\nmax_tries = 3\n";
        let loaded = Profile::parse(text, Path::new("t.toml")).unwrap();
        let mut card = loaded.clone();
        card.pins.auth.tries_left = 2;
        card.description = Some("written back".to_owned());
        let updated = updated_text(text, &loaded, &card);
        assert_eq!(Profile::parse(&updated, Path::new("t.toml")).unwrap(), card);
        assert!(updated.contains("# my card, keep this note\n"), "{updated}");
        assert!(updated.contains("value = \"1234\" # demo"), "{updated}");
    }

    #[test]
    fn only_changed_values_are_rewritten_in_every_toml_shape() {
        let loaded = Profile::default();
        let mut card = loaded.clone();
        card.pins.auth.tries_left = 2;
        card.pins.sign.value = "ZYXW9876".into();
        let dotted = Profile::default()
            .to_toml()
            .replace("[pins.auth]\nvalue", "[pins.auth] # mine\nvalue")
            .replace(
                "[pins.sign]\nvalue = \"ABCD1234\"\ntries_left = 5\nmax_tries = 5",
                "[pins]\nsign = { value = \"ABCD1234\", tries_left = 5, max_tries = 5 } # inline",
            );
        let parsed = Profile::parse(&dotted, Path::new("t.toml")).unwrap();
        assert_eq!(parsed, loaded);
        let updated = updated_text(&dotted, &loaded, &card);
        assert_eq!(Profile::parse(&updated, Path::new("t.toml")).unwrap(), card);
        assert!(updated.contains("[pins.auth] # mine\nvalue = \"1234\"\ntries_left = 2\n"));
        assert!(
            updated.contains(
                "sign = { value = \"ZYXW9876\", tries_left = 5, max_tries = 5 } # inline"
            )
        );
    }
}
