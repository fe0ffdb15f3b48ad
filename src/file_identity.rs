//! What a file is, portably: its identity (device and inode), its link count and owner,
//! and a non-blocking open, on Unix; on other platforms the counterparts this project can
//! give without platform code of its own, each saying what it cannot tell.
//!
//! Used where a path must still name the file that was opened and locked (card profiles,
//! traces) and where a file with several hard links must be rewritten in place.

use std::fs::{File, Metadata, OpenOptions};
use std::path::Path;

pub use crate::atomic_file::Owner;

/// The identity of an open file: (device, inode) on Unix; `None` where the platform's
/// standard library cannot say (Windows' file index is not stable Rust yet).
pub fn identity(metadata: &Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        None
    }
}

/// Whether two metadata name the same file. Where identities are unknown (not Unix), it
/// answers true: a file replaced between two looks cannot be seen there, and mynapin's own
/// writers still wait for the lock.
pub fn same_file(a: &Metadata, b: &Metadata) -> bool {
    match (identity(a), identity(b)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Hard links to the file (1 where the platform cannot say).
pub fn link_count(metadata: &Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        metadata.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        1
    }
}

/// The file's owner and group, on Unix (`None` elsewhere: a replaced file keeps the
/// folder's default owner there).
pub fn owner(metadata: &Metadata) -> Option<Owner> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(Owner {
            uid: metadata.uid(),
            gid: metadata.gid(),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        None
    }
}

/// Opens `path` for reading without blocking on a FIFO or a device (`O_NONBLOCK` on Unix;
/// other platforms have no such files to block on).
pub fn open_for_reading(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_itself_and_not_another() {
        let dir = tempfile::tempdir().unwrap();
        let one = dir.path().join("one");
        let two = dir.path().join("two");
        std::fs::write(&one, "1").unwrap();
        std::fs::write(&two, "2").unwrap();
        let opened = open_for_reading(&one).unwrap().metadata().unwrap();
        assert!(same_file(&opened, &std::fs::metadata(&one).unwrap()));
        #[cfg(unix)]
        {
            assert!(!same_file(&opened, &std::fs::metadata(&two).unwrap()));
            std::fs::hard_link(&one, dir.path().join("three")).unwrap();
            assert_eq!(link_count(&std::fs::metadata(&one).unwrap()), 2);
            assert!(owner(&opened).is_some());
        }
    }
}
