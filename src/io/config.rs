//! The user's configuration: `config.ron` in the configuration directory.
//!
//! ```ron
//! (
//!     reviewer: "anna",
//!     keymap: "my-keys.ron",
//!     theme: "light",
//! )
//! ```
//!
//! Every key is optional. Values may be written plainly (`reviewer: "anna"`) or as
//! `Some("anna")`. Unknown keys are an error, so a misspelt key is not silently ignored.

use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Names the configuration directory, overriding the platform's.
pub const CONFIG_ENV: &str = "VETTER_CONFIG";

/// The reviewer name used when nothing else names one.
pub const DEFAULT_REVIEWER: &str = "reviewer";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub reviewer: Option<String>,
    pub keymap: Option<PathBuf>,
    pub theme: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
}

/// The configuration directory: `$VETTER_CONFIG` if set and not empty, else the platform's
/// (for example `~/.config/vetter` on Linux). `None` if neither is known.
pub fn config_dir() -> Option<PathBuf> {
    config_dir_from(std::env::var_os(CONFIG_ENV))
}

fn config_dir_from(env: Option<OsString>) -> Option<PathBuf> {
    match env {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => directories::ProjectDirs::from("", "", "vetter").map(|p| p.config_dir().to_path_buf()),
    }
}

/// The data directory (recovery files): `$VETTER_DATA` if set and not empty, else the
/// platform's (for example `~/.local/share/vetter` on Linux), else `./.vetter-data`.
pub fn data_dir() -> PathBuf {
    match std::env::var_os(DATA_ENV) {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => directories::ProjectDirs::from("", "", "vetter").map_or_else(
            || PathBuf::from(".vetter-data"),
            |p| p.data_dir().to_path_buf(),
        ),
    }
}

/// The environment variable that overrides [`data_dir`].
pub const DATA_ENV: &str = "VETTER_DATA";

/// Reads `<config dir>/config.ron`; a missing file (or no known directory) gives the defaults.
pub fn load_config() -> Result<Config, ConfigError> {
    match config_dir() {
        Some(dir) => load_config_file(&dir.join("config.ron")),
        None => Ok(Config::default()),
    }
}

/// Reads a configuration file; a missing file gives the defaults.
pub fn load_config_file(path: &Path) -> Result<Config, ConfigError> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(source) => {
            return Err(ConfigError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    parse_config(&text, path)
}

/// Parses a configuration file's text; `path` is only used to name the file in errors.
pub fn parse_config(text: &str, path: &Path) -> Result<Config, ConfigError> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|e| {
            let (line, col) = super::ron_position(text, e.span.end);
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                col,
                message: super::ron_message(&e),
            }
        })
}

/// Who is reviewing: the command line's name, else the configuration's, else `$USER` (or
/// `$USERNAME` on Windows), else `"reviewer"`. Blank names are passed over; names are trimmed.
pub fn resolve_reviewer(cli: Option<&str>, cfg: &Config) -> String {
    let env = std::env::var("USER")
        .ok()
        .or_else(|| std::env::var("USERNAME").ok());
    resolve_reviewer_with(cli, cfg, env.as_deref())
}

fn resolve_reviewer_with(cli: Option<&str>, cfg: &Config, env: Option<&str>) -> String {
    [cli, cfg.reviewer.as_deref(), env]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or(DEFAULT_REVIEWER)
        .to_string()
}

/// The keymap file to load over the built-in keys: the configuration's `keymap` (a relative path
/// is taken relative to the configuration directory, like any path in a configuration file),
/// else `<config dir>/keymap.ron` if that exists.
pub fn keymap_override_path(cfg: &Config) -> Option<PathBuf> {
    keymap_override_in(cfg, config_dir().as_deref())
}

fn keymap_override_in(cfg: &Config, dir: Option<&Path>) -> Option<PathBuf> {
    match (&cfg.keymap, dir) {
        (Some(k), Some(d)) if k.is_relative() => Some(d.join(k)),
        (Some(k), _) => Some(k.clone()),
        (None, Some(d)) => Some(d.join("keymap.ron")).filter(|p| p.is_file()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names_the_directory() {
        assert_eq!(
            config_dir_from(Some("/x/y".into())),
            Some(PathBuf::from("/x/y"))
        );
        // Empty means unset: falls back to the platform directory (if there is one).
        let platform = config_dir_from(None);
        assert_eq!(config_dir_from(Some("".into())), platform);
    }

    #[test]
    fn reads_plain_and_some_values() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("config.ron");
        assert_eq!(load_config_file(&p).unwrap(), Config::default());
        fs::write(
            &p,
            "(\n  reviewer: \"anna\",\n  theme: Some(\"light\"),\n)\n",
        )
        .unwrap();
        let c = load_config_file(&p).unwrap();
        assert_eq!(c.reviewer.as_deref(), Some("anna"));
        assert_eq!(c.theme.as_deref(), Some("light"));
        assert_eq!(c.keymap, None);
        fs::write(&p, "()").unwrap();
        assert_eq!(load_config_file(&p).unwrap(), Config::default());
    }

    #[test]
    fn malformed_config_names_position() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("config.ron");
        fs::write(&p, "(\n  reviewer: \"anna\",\n  reviwer: \"x\",\n)\n").unwrap();
        let e = load_config_file(&p).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with(&format!("{}:3:", p.display())), "{msg}");
        assert!(msg.contains("reviwer"), "{msg}");
        fs::write(&p, "(reviewer: 3)").unwrap();
        assert!(matches!(
            load_config_file(&p),
            Err(ConfigError::Parse { line: 1, .. })
        ));
    }

    #[test]
    fn reviewer_order() {
        let cfg = Config {
            reviewer: Some("cfg".into()),
            ..Default::default()
        };
        let none = Config::default();
        assert_eq!(resolve_reviewer_with(Some("cli"), &cfg, Some("env")), "cli");
        assert_eq!(resolve_reviewer_with(None, &cfg, Some("env")), "cfg");
        assert_eq!(resolve_reviewer_with(Some("  "), &cfg, None), "cfg");
        assert_eq!(resolve_reviewer_with(None, &none, Some("env")), "env");
        assert_eq!(resolve_reviewer_with(None, &none, None), "reviewer");
        assert_eq!(resolve_reviewer_with(None, &none, Some("")), "reviewer");
    }

    #[test]
    fn keymap_paths() {
        let d = tempfile::tempdir().unwrap();
        let none = Config::default();
        assert_eq!(keymap_override_in(&none, Some(d.path())), None);
        assert_eq!(keymap_override_in(&none, None), None);
        fs::write(d.path().join("keymap.ron"), "()").unwrap();
        assert_eq!(
            keymap_override_in(&none, Some(d.path())),
            Some(d.path().join("keymap.ron"))
        );
        let rel = Config {
            keymap: Some("k.ron".into()),
            ..Default::default()
        };
        assert_eq!(
            keymap_override_in(&rel, Some(d.path())),
            Some(d.path().join("k.ron"))
        );
        assert_eq!(keymap_override_in(&rel, None), Some(PathBuf::from("k.ron")));
        let abs = Config {
            keymap: Some("/etc/k.ron".into()),
            ..Default::default()
        };
        assert_eq!(
            keymap_override_in(&abs, Some(d.path())),
            Some(PathBuf::from("/etc/k.ron"))
        );
    }
}
