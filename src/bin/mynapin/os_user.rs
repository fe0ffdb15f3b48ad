//! The OS account of the process's real user, the default operator of an audit record:
//! on Unix the name of the real uid (`getuid()`) in `/etc/passwd`, else as `getent passwd
//! UID` gives it (accounts from LDAP, NIS…); `$USER` or `$LOGNAME` only when neither names
//! it (or elsewhere). The environment is not asked first: it can say anything, the uid
//! cannot.

/// The real user's account name, `None` when nothing names it.
pub fn name() -> Option<String> {
    account().or_else(|| env("USER")).or_else(|| env("LOGNAME"))
}

/// A non-empty environment variable, trimmed.
fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// The account of the real uid.
#[cfg(unix)]
fn account() -> Option<String> {
    let uid = rustix::process::getuid().as_raw();
    std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|passwd| name_of(&passwd, uid))
        .or_else(|| getent(uid))
}

/// Elsewhere there is no uid to ask.
#[cfg(not(unix))]
fn account() -> Option<String> {
    None
}

/// `getent passwd UID` (the system's name service), its name field.
#[cfg(unix)]
fn getent(uid: u32) -> Option<String> {
    let output = std::process::Command::new("getent")
        .args(["passwd", &uid.to_string()])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|output| output.status.success())?;
    name_of(&String::from_utf8_lossy(&output.stdout), uid)
}

/// The name of `uid` in passwd(5) lines `name:password:uid:gid:…`.
#[cfg_attr(not(unix), allow(dead_code))]
fn name_of(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?.trim();
        let _password = fields.next()?;
        let line_uid: u32 = fields.next()?.trim().parse().ok()?;
        (line_uid == uid && !name.is_empty() && !name.starts_with('#')).then(|| name.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_of_a_uid_in_passwd_lines() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      # a comment\n\
                      broken line\n\
                      tanaka:x:1000:1000:Tanaka:/home/tanaka:/bin/sh\n";
        assert_eq!(name_of(passwd, 0).as_deref(), Some("root"));
        assert_eq!(name_of(passwd, 1000).as_deref(), Some("tanaka"));
        assert_eq!(name_of(passwd, 1001), None);
    }
}
