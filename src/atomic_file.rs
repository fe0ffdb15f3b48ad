//! Writing a file so that a reader never sees half of it: the bytes go to a temporary file
//! in the same folder, are synced, and replace the target with one rename. Used for card
//! profiles (a profile file *is* a simulated card) and traces.
//!
//! A symbolic link is followed (its target is replaced, the link stays), an existing
//! file keeps its permissions, and a new file is readable by its owner only, since a
//! profile holds PIN values. [`write_atomically_owned`] also gives the new file the old
//! one's owner and group (a profile rewritten by root stays its user's).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes temporary files of one process (threads may save at the same time).
static NEXT_TEMPORARY: AtomicU64 = AtomicU64::new(0);

/// A file's owner and group (numeric ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    /// User id.
    pub uid: u32,
    /// Group id.
    pub gid: u32,
}

/// Replaces `path` with `bytes` atomically. On failure the temporary file is removed and
/// `path` is left as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_as(path, bytes, None)
}

/// Like [`write_atomically`], and the new file gets `owner` (the replaced file's). When
/// the owner cannot be given (only root may give a file away), nothing is replaced and
/// the error is [`std::io::ErrorKind::PermissionDenied`].
pub fn write_atomically_owned(path: &Path, bytes: &[u8], owner: Owner) -> std::io::Result<()> {
    write_atomically_as(path, bytes, Some(owner))
}

fn write_atomically_as(path: &Path, bytes: &[u8], owner: Option<Owner>) -> std::io::Result<()> {
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            resolved = std::fs::canonicalize(path)?;
            resolved.as_path()
        }
        _ => path,
    };
    let permissions = std::fs::metadata(path)
        .ok()
        .map(|metadata| metadata.permissions());
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let serial = NEXT_TEMPORARY.fetch_add(1, Ordering::Relaxed);
    let temporary = folder.join(format!(".{file_name}.{}.{serial}.tmp", std::process::id()));
    let result = (|| {
        let mut file = create_private(&temporary)?;
        #[cfg(unix)]
        if let Some(owner) = owner {
            use std::os::unix::fs::MetadataExt;
            let created = file.metadata()?;
            if (created.uid(), created.gid()) != (owner.uid, owner.gid) {
                std::os::unix::fs::fchown(&file, Some(owner.uid), Some(owner.gid))?;
            }
        }
        #[cfg(not(unix))]
        let _ = owner;
        // After the owner: changing the owner may clear set-id bits.
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// Creates a new file readable and writable by its owner only.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::write_atomically;

    #[test]
    fn replaces_the_file_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("card.toml");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_follows_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.toml");
        write_atomically(&new, b"x").unwrap();
        let mode =
            |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&new), 0o600, "a new file is private");
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&new, b"y").unwrap();
        assert_eq!(mode(&new), 0o640, "an existing file keeps its mode");
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&new, &link).unwrap();
        write_atomically(&link, b"z").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&new).unwrap(), "z");
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("card.toml");
        assert!(write_atomically(&path, b"new").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
