//! The one place that touches the output directory: comparing and writing rendered files.
//!
//! Writing is all or nothing. The new tree is assembled in a sibling directory (unchanged files are
//! hard-linked, so their timestamps survive and cargo does not rebuild them), then swapped in with
//! two renames. A failure at any point before the swap leaves the output directory untouched; a
//! process killed between the two renames leaves the old tree beside it, and the next write puts
//! it back before doing anything else.
//!
//! The writer only replaces and removes files it wrote itself, recognised by the `@generated`
//! marker on their first line, so pointing `--out` at the wrong directory cannot destroy anything.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::Files;
use crate::error::Error;

/// How the files on disk differ from the rendered ones.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Files whose contents differ.
    pub stale: Vec<String>,
    /// Files rendered but absent on disk.
    pub missing: Vec<String>,
    /// Files on disk that the generator no longer emits.
    pub extra: Vec<String>,
}

impl Changes {
    /// Whether the directory already matches.
    pub fn is_empty(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// One line per differing file, e.g. `stale   src/models/clinic_role.rs`.
    pub fn describe(&self) -> String {
        let mut lines = Vec::new();
        for (label, list) in [
            ("stale  ", &self.stale),
            ("missing", &self.missing),
            ("extra  ", &self.extra),
        ] {
            lines.extend(list.iter().map(|f| format!("{label} {f}")));
        }
        lines.join("\n")
    }
}

/// Compares `files` with the contents of `out`.
pub fn diff(out: &Path, files: &Files) -> Result<Changes, Error> {
    let mut changes = Changes::default();
    for (path, contents) in files {
        match fs::read(out.join(path)) {
            Ok(existing) if existing == contents.as_bytes() => {}
            Ok(_) => changes.stale.push(path.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => changes.missing.push(path.clone()),
            Err(source) => {
                return Err(Error::Io {
                    path: out.join(path),
                    source,
                });
            }
        }
    }
    for path in list_files(out)? {
        if !files.contains_key(&path) {
            changes.extra.push(path);
        }
    }
    Ok(changes)
}

/// The marker every generated file carries on its first line.
pub const GENERATED_MARKER: &str = "@generated";

/// Makes `out` contain exactly `files`, atomically; returns what changed.
///
/// Fails without touching anything when a file that would be replaced or removed lacks the
/// [`GENERATED_MARKER`] on its first line.
pub fn write(out: &Path, files: &Files) -> Result<Changes, Error> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let staging = parent.join(format!(".{name}.codegen-new"));
    let backup = parent.join(format!(".{name}.codegen-old"));
    restore_interrupted_swap(out, &backup)?;
    let changes = diff(out, files)?;
    if changes.is_empty() {
        return Ok(changes);
    }
    refuse_foreign_files(out, &changes)?;
    for leftover in [&staging, &backup] {
        remove_if_exists(leftover)?;
    }
    if let Err(e) = stage(out, &staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap(out, &staging, &backup)?;
    Ok(changes)
}

/// Puts the old tree back when an earlier write was stopped between its two renames.
fn restore_interrupted_swap(out: &Path, backup: &Path) -> Result<(), Error> {
    if out.exists() || !backup.is_dir() {
        return Ok(());
    }
    fs::rename(backup, out).map_err(|source| Error::Io {
        path: backup.to_owned(),
        source,
    })
}

/// Fails when a file about to be replaced or removed was not written by the generator.
fn refuse_foreign_files(out: &Path, changes: &Changes) -> Result<(), Error> {
    for path in changes.stale.iter().chain(&changes.extra) {
        let full = out.join(path);
        let text = fs::read(&full).map_err(|source| Error::Io {
            path: full.clone(),
            source,
        })?;
        let first_line = text.split(|&b| b == b'\n').next().unwrap_or_default();
        let marked = first_line
            .windows(GENERATED_MARKER.len())
            .any(|window| window == GENERATED_MARKER.as_bytes());
        if !marked {
            return Err(Error::Io {
                path: full,
                source: io::Error::other(format!(
                    "refusing to replace or remove a file the generator did not write (its first \
                     line has no `{GENERATED_MARKER}` marker); move it out of {} or choose \
                     another output directory",
                    out.display()
                )),
            });
        }
    }
    Ok(())
}

/// Builds the complete new tree in `staging`.
fn stage(out: &Path, staging: &Path, files: &Files) -> Result<(), Error> {
    for (path, contents) in files {
        let target = staging.join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_owned(),
                source,
            })?;
        }
        let current = out.join(path);
        let unchanged = fs::read(&current).is_ok_and(|existing| existing == contents.as_bytes());
        let linked = unchanged && fs::hard_link(&current, &target).is_ok();
        if !linked {
            fs::write(&target, contents).map_err(|source| Error::Io {
                path: target.clone(),
                source,
            })?;
        }
    }
    Ok(())
}

/// Replaces `out` with `staging` using two renames; the old tree is removed afterwards.
fn swap(out: &Path, staging: &Path, backup: &Path) -> Result<(), Error> {
    let had_out = out.exists();
    if had_out {
        fs::rename(out, backup).map_err(|source| Error::Io {
            path: out.to_owned(),
            source,
        })?;
    }
    if let Err(source) = fs::rename(staging, out) {
        if had_out {
            // Put the old tree back so the output directory is exactly as it was.
            let _ = fs::rename(backup, out);
        }
        let _ = fs::remove_dir_all(staging);
        return Err(Error::Io {
            path: out.to_owned(),
            source,
        });
    }
    if had_out {
        remove_if_exists(backup)?;
    }
    Ok(())
}

fn remove_if_exists(path: &Path) -> Result<(), Error> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Every file under `root`, as `/`-separated relative paths, sorted.
fn list_files(root: &Path) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(source) => return Err(Error::Io { path: dir, source }),
        };
        for entry in entries {
            let entry = entry.map_err(|source| Error::Io {
                path: dir.clone(),
                source,
            })?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(root) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("avara-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    /// Generated text: `contents` under the marker line.
    fn marked(contents: &str) -> String {
        format!("// {GENERATED_MARKER}\n{contents}")
    }

    fn files(entries: &[(&str, &str)]) -> Files {
        entries
            .iter()
            .map(|(p, c)| (p.to_string(), marked(c)))
            .collect()
    }

    #[test]
    fn writes_removes_and_then_reports_no_changes() {
        let out = scratch("roundtrip");
        write(&out, &files(&[("a.rs", "1"), ("src/b.rs", "2")])).expect("first write");
        let changes =
            write(&out, &files(&[("a.rs", "1"), ("src/c.rs", "3")])).expect("second write");
        assert_eq!(changes.missing, vec!["src/c.rs"]);
        assert_eq!(changes.extra, vec!["src/b.rs"]);
        assert!(!out.join("src/b.rs").exists());
        assert!(
            diff(&out, &files(&[("a.rs", "1"), ("src/c.rs", "3")]))
                .expect("diff")
                .is_empty()
        );
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn a_file_without_the_marker_is_never_replaced_or_removed() {
        let out = scratch("foreign");
        write(&out, &files(&[("a.rs", "old")])).expect("first write");
        fs::write(out.join("notes.txt"), "mine").expect("a file of the user's");
        let err = write(&out, &files(&[("a.rs", "new")])).expect_err("refused");
        assert!(err.to_string().contains("notes.txt"), "{err}");
        assert!(err.to_string().contains("did not write"), "{err}");
        assert_eq!(
            fs::read_to_string(out.join("a.rs")).expect("a.rs"),
            marked("old")
        );
        assert_eq!(
            fs::read_to_string(out.join("notes.txt")).expect("kept"),
            "mine"
        );

        fs::write(out.join("notes.txt"), marked("now it is ours")).expect("marked");
        write(&out, &files(&[("a.rs", "new")])).expect("marked files go");
        assert!(!out.join("notes.txt").exists());
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn a_swap_stopped_between_its_renames_is_undone_by_the_next_write() {
        let out = scratch("interrupted");
        write(&out, &files(&[("a.rs", "old")])).expect("first write");
        // What a process killed after the first rename leaves: the old tree beside `out`.
        let parent = out.parent().expect("temp dir has a parent");
        let name = out.file_name().expect("has a name").to_string_lossy();
        let backup = parent.join(format!(".{name}.codegen-old"));
        fs::rename(&out, &backup).expect("rename");

        let changes = write(&out, &files(&[("a.rs", "old")])).expect("write");
        assert!(
            changes.is_empty(),
            "the old tree is back and current: {changes:?}"
        );
        assert!(!backup.exists());
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn a_failed_write_leaves_the_directory_as_it_was() {
        let out = scratch("atomic");
        write(&out, &files(&[("a.rs", "old"), ("b.rs", "old")])).expect("first write");
        // `x` is both a file and a directory: staging fails part way through.
        let broken = files(&[("a.rs", "new"), ("x", "file"), ("x/y.rs", "nested")]);
        assert!(write(&out, &broken).is_err());
        assert_eq!(
            fs::read_to_string(out.join("a.rs")).expect("a.rs"),
            marked("old")
        );
        assert_eq!(
            fs::read_to_string(out.join("b.rs")).expect("b.rs"),
            marked("old")
        );
        assert!(!out.join("x").exists());
        let parent = out.parent().expect("temp dir has a parent");
        let name = out.file_name().expect("has a name").to_string_lossy();
        assert!(
            !parent.join(format!(".{name}.codegen-new")).exists(),
            "staging is cleaned up"
        );
        let _ = fs::remove_dir_all(&out);
    }
}
