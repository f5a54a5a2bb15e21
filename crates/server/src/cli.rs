//! Command line: `portal-server [--demo] [--addr 127.0.0.1:8080] [--dist dist]
//! [--upstream-sap URL [--upstream-sap-token URL]] [--upstream-apinizer URL]`.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::backend::BackendChoice;
use crate::Config;

pub const USAGE: &str = "\
Usage: portal-server [--demo] [--addr 127.0.0.1:8080] [--dist dist]
                     [--upstream-sap URL [--upstream-sap-token URL]] [--upstream-apinizer URL]

Serves the built portal (--dist, Trunk's output) and, on the same origin, its backends.

  --demo                    emulate SAP API Management and Apinizer in memory, enable the
                            /__demo/ control endpoints and print the demo credentials
  --addr ADDR               address to listen on (default 127.0.0.1:8080; port 0 = any free port)
  --dist DIR                the built portal (default dist)
  --upstream-sap URL        forward /apiportal/ to a real SAP tenant (the service key's url)
  --upstream-sap-token URL  forward /oauth/token to the service key's tokenUrl
  --upstream-apinizer URL   forward /apiops/ to a real Apinizer console
                            (with --demo, a product without an upstream stays emulated)
  -h, --help                this text
  -V, --version             the version";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    pub demo: bool,
    pub addr: SocketAddr,
    pub dist: PathBuf,
    pub upstream_sap: Option<String>,
    pub upstream_sap_token: Option<String>,
    pub upstream_apinizer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Run(Args),
    Help,
    Version,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CliError {
    #[error("{0}")]
    Parse(String),
    #[error("--addr {0}: not an address such as 127.0.0.1:8080")]
    Addr(String),
    #[error("{flag} {url}: give an http:// or https:// URL")]
    Url { flag: &'static str, url: String },
}

impl From<lexopt::Error> for CliError {
    fn from(e: lexopt::Error) -> Self {
        CliError::Parse(e.to_string())
    }
}

fn url(flag: &'static str, value: String) -> Result<String, CliError> {
    if value.starts_with("https://") || value.starts_with("http://") {
        Ok(value.trim_end_matches('/').to_owned())
    } else {
        Err(CliError::Url { flag, url: value })
    }
}

pub fn parse(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Command, CliError> {
    use lexopt::prelude::*;
    let mut parsed = Args {
        demo: false,
        addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
        dist: PathBuf::from("dist"),
        upstream_sap: None,
        upstream_sap_token: None,
        upstream_apinizer: None,
    };
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next()? {
        match arg {
            Long("demo") => parsed.demo = true,
            Long("addr") => {
                let value = parser.value()?.string()?;
                parsed.addr = value.parse().map_err(|_| CliError::Addr(value))?;
            }
            Long("dist") => parsed.dist = PathBuf::from(parser.value()?),
            Long("upstream-sap") => {
                parsed.upstream_sap = Some(url("--upstream-sap", parser.value()?.string()?)?);
            }
            Long("upstream-sap-token") => {
                parsed.upstream_sap_token =
                    Some(url("--upstream-sap-token", parser.value()?.string()?)?);
            }
            Long("upstream-apinizer") => {
                parsed.upstream_apinizer =
                    Some(url("--upstream-apinizer", parser.value()?.string()?)?);
            }
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('V') | Long("version") => return Ok(Command::Version),
            _ => return Err(arg.unexpected().into()),
        }
    }
    Ok(Command::Run(parsed))
}

impl Args {
    /// Per product: an upstream if one is given, else the emulation with --demo, else nothing.
    pub fn config(&self) -> Config {
        let choice = |upstream: &Option<String>| match upstream {
            Some(url) => BackendChoice::Upstream(url.clone()),
            None if self.demo => BackendChoice::Emulated,
            None => BackendChoice::Off,
        };
        Config {
            demo: self.demo,
            dist: self.dist.clone(),
            sap: choice(&self.upstream_sap),
            apinizer: choice(&self.upstream_apinizer),
            sap_token_url: self.upstream_sap_token.clone(),
            ..Config::demo(self.dist.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Command, CliError> {
        parse(args.iter().map(std::ffi::OsString::from))
    }

    #[test]
    fn defaults_and_flags() {
        let Ok(Command::Run(args)) = run(&[]) else {
            panic!("defaults")
        };
        assert_eq!(args.addr.to_string(), "127.0.0.1:8080");
        assert!(!args.demo);
        assert_eq!(args.config().sap, BackendChoice::Off);
        let Ok(Command::Run(args)) = run(&[
            "--demo",
            "--addr",
            "127.0.0.1:0",
            "--dist",
            "x/dist",
            "--upstream-sap",
            "https://tenant.example/",
            "--upstream-sap-token",
            "https://sub.authentication.eu10.hana.ondemand.com/oauth/token",
        ]) else {
            panic!("flags")
        };
        assert!(args.demo);
        assert_eq!(args.addr.port(), 0);
        assert_eq!(args.dist, PathBuf::from("x/dist"));
        let config = args.config();
        assert_eq!(
            config.sap,
            BackendChoice::Upstream("https://tenant.example".into())
        );
        assert_eq!(config.apinizer, BackendChoice::Emulated);
        assert_eq!(
            config.sap_token_url.as_deref(),
            Some("https://sub.authentication.eu10.hana.ondemand.com/oauth/token")
        );
    }

    #[test]
    fn errors() {
        assert!(matches!(
            run(&["--addr", "localhost"]),
            Err(CliError::Addr(_))
        ));
        assert!(matches!(
            run(&["--upstream-apinizer", "console.example"]),
            Err(CliError::Url { .. })
        ));
        assert!(matches!(run(&["--nope"]), Err(CliError::Parse(_))));
        assert_eq!(run(&["--help"]), Ok(Command::Help));
    }
}
