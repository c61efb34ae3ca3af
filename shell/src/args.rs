//! The command line: Stream Deck's launch flags, or one of the developer subcommands.

use openbalance_core::lang::Lang;
use std::fmt;
use std::path::PathBuf;

/// What the binary was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invocation {
    /// Launched by Stream Deck: run the plugin.
    Plugin(PluginArgs),
    /// `replay <recording>`: fold a recording through a fresh core, print the commands.
    Replay {
        recording: PathBuf,
    },
    /// `preview [--out DIR] [--lang LANG]`: render every tile state (or live tiles, with a key
    /// in the env), said in `lang`.
    Preview {
        out: PathBuf,
        lang: Lang,
    },
    /// `icons --out DIR`: write the bundle's static images.
    Icons {
        out: PathBuf,
    },
    Help,
    /// `--version`: the version, for bug reports.
    Version,
}

/// Stream Deck's launch flags. `-info` is kept as text: nothing in it changes what we do, and a
/// future Stream Deck adding fields must not stop the plugin from starting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginArgs {
    pub port: u16,
    pub plugin_uuid: String,
    pub register_event: String,
    pub info: String,
    /// Flags a newer Stream Deck may add (`-flag value`): logged, never fatal.
    pub ignored: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgsError {
    /// A required launch flag is absent.
    Missing(&'static str),
    /// A flag is the last argument, with no value after it.
    NoValue(String),
    /// `-port` is not a port number.
    BadPort(String),
    /// A launch flag or subcommand we do not know.
    Unexpected(String),
    /// `--lang` names none of Stream Deck's languages.
    BadLang(String),
}

pub const USAGE: &str = "\
usage:
  openbalance -port N -pluginUUID UUID -registerEvent EVENT -info JSON   (how Stream Deck starts it)
  openbalance replay RECORDING.jsonl      print the commands a recording replays to
  openbalance preview [--out DIR] [--lang LANG]
                                          render every tile state to PNGs (default preview-out/),
                                          said in LANG (en de fr es ja ko zh_CN zh_TW; default en)
  openbalance icons --out DIR             write the plugin bundle's static images
  openbalance --version                   print the version";

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgsError::Missing(flag) => write!(f, "missing {flag}"),
            ArgsError::NoValue(flag) => write!(f, "{flag} needs a value"),
            ArgsError::BadPort(text) => {
                write!(
                    f,
                    "-port must be a port number from 1 to 65535, not {text:?}"
                )
            }
            ArgsError::Unexpected(arg) => write!(f, "unexpected argument {arg:?}"),
            ArgsError::BadLang(tag) => write!(
                f,
                "--lang must be one of en, de, fr, es, ja, ko, zh_CN, zh_TW, not {tag:?}"
            ),
        }
    }
}

impl std::error::Error for ArgsError {}

/// A request for the usage, wherever it is on the line (`openbalance preview --help` too): Stream
/// Deck never passes one, and a person who typed it wants the usage, not a complaint about it.
fn asks_for_help(args: &[String]) -> bool {
    args.iter()
        .any(|a| matches!(a.as_str(), "--help" | "-h" | "-help" | "-?"))
        || args.first().is_some_and(|a| a == "help")
}

pub fn parse(args: &[String]) -> Result<Invocation, ArgsError> {
    if asks_for_help(args) {
        return Ok(Invocation::Help);
    }
    match args.first().map(String::as_str) {
        None => Err(ArgsError::Missing("-port")),
        Some("replay") => match &args[1..] {
            [path] => Ok(Invocation::Replay {
                recording: PathBuf::from(path),
            }),
            [] => Err(ArgsError::Missing("the recording to replay")),
            [_, extra, ..] => Err(ArgsError::Unexpected(extra.clone())),
        },
        Some("preview") => preview(&args[1..]),
        Some("icons") => match out_dir(&args[1..])? {
            Some(out) => Ok(Invocation::Icons { out }),
            None => Err(ArgsError::Missing("--out DIR")),
        },
        Some("version" | "-V" | "--version" | "-version") => Ok(Invocation::Version),
        Some(_) => plugin(args).map(Invocation::Plugin),
    }
}

/// `--out DIR` and `--lang LANG`, in either order, each at most once.
fn preview(args: &[String]) -> Result<Invocation, ArgsError> {
    let (mut out, mut lang) = (None, None);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = match flag.as_str() {
            "--out" | "--lang" => rest
                .next()
                .ok_or_else(|| ArgsError::NoValue(flag.clone()))?,
            _ => return Err(ArgsError::Unexpected(flag.clone())),
        };
        match flag.as_str() {
            "--out" if out.is_none() => out = Some(PathBuf::from(value)),
            "--lang" if lang.is_none() => lang = Some(language(value)?),
            _ => return Err(ArgsError::Unexpected(flag.clone())),
        }
    }
    Ok(Invocation::Preview {
        out: out.unwrap_or_else(|| PathBuf::from("preview-out")),
        lang: lang.unwrap_or_default(),
    })
}

/// A language a person typed: Stream Deck's codes and the tags `Lang::parse` reads (`de-DE`,
/// `zh-Hant`), but never a guess: what is not one of the eight is a mistake, not English.
fn language(tag: &str) -> Result<Lang, ArgsError> {
    let lang = Lang::parse(tag);
    let english = tag.trim().to_ascii_lowercase();
    match lang != Lang::En
        || english == "en"
        || english.starts_with("en-")
        || english.starts_with("en_")
    {
        true => Ok(lang),
        false => Err(ArgsError::BadLang(tag.to_owned())),
    }
}

fn out_dir(args: &[String]) -> Result<Option<PathBuf>, ArgsError> {
    match args {
        [] => Ok(None),
        [flag] if flag == "--out" => Err(ArgsError::NoValue(flag.clone())),
        [flag, dir] if flag == "--out" => Ok(Some(PathBuf::from(dir))),
        [other, ..] => Err(ArgsError::Unexpected(other.clone())),
    }
}

/// Flags in any order, each followed by its value. An unknown `-flag value` pair is skipped (a
/// newer Stream Deck may pass more; the four we need are still required, so a typo in one of them
/// is still reported). A bare word is a mistake and says so.
fn plugin(args: &[String]) -> Result<PluginArgs, ArgsError> {
    let (mut port, mut uuid, mut register, mut info) = (None, None, None, None);
    let mut ignored = Vec::new();
    let mut unknown = None;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let slot = match flag.as_str() {
            "-port" => &mut port,
            "-pluginUUID" => &mut uuid,
            "-registerEvent" => &mut register,
            "-info" => &mut info,
            other if other.starts_with('-') && other.len() > 1 => {
                ignored.push(other.to_owned());
                &mut unknown
            }
            _ => return Err(ArgsError::Unexpected(flag.clone())),
        };
        let value = rest
            .next()
            .ok_or_else(|| ArgsError::NoValue(flag.clone()))?;
        *slot = Some(value.clone());
    }
    let port_text = port.ok_or(ArgsError::Missing("-port"))?;
    let port = port_text
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|p| *p != 0)
        .ok_or(ArgsError::BadPort(port_text))?;
    Ok(PluginArgs {
        port,
        plugin_uuid: uuid
            .filter(|u| !u.is_empty())
            .ok_or(ArgsError::Missing("-pluginUUID"))?,
        register_event: register
            .filter(|r| !r.is_empty())
            .ok_or(ArgsError::Missing("-registerEvent"))?,
        info: info.ok_or(ArgsError::Missing("-info"))?,
        ignored,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &[&str]) -> Vec<String> {
        text.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_stream_deck_flags_in_any_order() {
        let parsed = parse(&args(&[
            "-info",
            "{\"a\":1}",
            "-registerEvent",
            "registerPlugin",
            "-port",
            "28196",
            "-pluginUUID",
            "ABC",
        ]));
        assert_eq!(
            parsed,
            Ok(Invocation::Plugin(PluginArgs {
                port: 28196,
                plugin_uuid: "ABC".into(),
                register_event: "registerPlugin".into(),
                info: "{\"a\":1}".into(),
                ignored: vec![],
            }))
        );
    }

    #[test]
    fn explains_what_is_wrong() {
        let base = ["-pluginUUID", "U", "-registerEvent", "r", "-info", "{}"];
        let with = |extra: &[&str]| {
            let mut all = args(&base);
            all.extend(args(extra));
            parse(&all)
        };
        assert_eq!(with(&[]), Err(ArgsError::Missing("-port")));
        assert_eq!(with(&["-port", "x"]), Err(ArgsError::BadPort("x".into())));
        assert_eq!(with(&["-port", "0"]), Err(ArgsError::BadPort("0".into())));
        assert_eq!(
            with(&["-port", "70000"]),
            Err(ArgsError::BadPort("70000".into()))
        );
        assert_eq!(with(&["-port"]), Err(ArgsError::NoValue("-port".into())));
        assert_eq!(
            with(&["-port", "1", "bogus"]),
            Err(ArgsError::Unexpected("bogus".into()))
        );
        match with(&["-port", "1", "-futureFlag", "x"]) {
            Ok(Invocation::Plugin(p)) => assert_eq!(p.ignored, ["-futureFlag"]),
            other => panic!("a new Stream Deck flag must not stop the plugin: {other:?}"),
        }
        assert_eq!(parse(&[]), Err(ArgsError::Missing("-port")));
        assert_eq!(
            parse(&args(&["-port", "1", "-registerEvent", "r", "-info", "{}"])),
            Err(ArgsError::Missing("-pluginUUID"))
        );
    }

    #[test]
    fn help_anywhere_is_the_usage() {
        for line in [
            &["--help"][..],
            &["-h"],
            &["-help"],
            &["help"],
            &["preview", "--help"],
            &["replay", "--help"],
            &["icons", "-h"],
            &["-port", "1", "--help"],
        ] {
            assert_eq!(parse(&args(line)), Ok(Invocation::Help), "{line:?}");
        }
        // A recording that happens to be called "help" is still a recording.
        assert_eq!(
            parse(&args(&["replay", "help"])),
            Ok(Invocation::Replay {
                recording: "help".into()
            })
        );
    }

    #[test]
    fn reads_subcommands() {
        assert_eq!(
            parse(&args(&["replay", "a.jsonl"])),
            Ok(Invocation::Replay {
                recording: "a.jsonl".into()
            })
        );
        assert_eq!(
            parse(&args(&["replay"])),
            Err(ArgsError::Missing("the recording to replay"))
        );
        assert_eq!(
            parse(&args(&["preview"])),
            Ok(Invocation::Preview {
                out: "preview-out".into(),
                lang: Lang::En,
            })
        );
        assert_eq!(
            parse(&args(&["preview", "--out", "x"])),
            Ok(Invocation::Preview {
                out: "x".into(),
                lang: Lang::En,
            })
        );
        assert_eq!(
            parse(&args(&["preview", "--lang", "zh_TW", "--out", "x"])),
            Ok(Invocation::Preview {
                out: "x".into(),
                lang: Lang::ZhTw,
            })
        );
        assert_eq!(
            parse(&args(&["preview", "--lang", "de-DE"])),
            Ok(Invocation::Preview {
                out: "preview-out".into(),
                lang: Lang::De,
            })
        );
        assert_eq!(
            parse(&args(&["preview", "--lang", "pt"])),
            Err(ArgsError::BadLang("pt".into()))
        );
        assert_eq!(
            parse(&args(&["preview", "--lang"])),
            Err(ArgsError::NoValue("--lang".into()))
        );
        assert_eq!(
            parse(&args(&["preview", "--lang", "de", "--lang", "ja"])),
            Err(ArgsError::Unexpected("--lang".into()))
        );
        assert_eq!(
            parse(&args(&["icons"])),
            Err(ArgsError::Missing("--out DIR"))
        );
        assert_eq!(
            parse(&args(&["icons", "--out", "d"])),
            Ok(Invocation::Icons { out: "d".into() })
        );
        assert_eq!(
            parse(&args(&["preview", "--out"])),
            Err(ArgsError::NoValue("--out".into()))
        );
    }
}
