//! Command line: `portal-server [--demo] [--addr 127.0.0.1:8080] [--dist dist]
//! [--upstream-sap URL [--upstream-sap-token URL]] [--upstream-apinizer URL]
//! [--tls-cert PEM --tls-key PEM | --insecure-http-behind-proxy] [--public-host NAME]…`.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::Config;

pub const USAGE: &str = "\
Usage: portal-server [--demo] [--addr 127.0.0.1:8080] [--dist dist]
                     [--upstream-sap URL [--upstream-sap-token URL]] [--upstream-apinizer URL]
                     [--tls-cert PEM --tls-key PEM | --insecure-http-behind-proxy]
                     [--public-host NAME]...

Serves the built portal (--dist, Trunk's output) and, on the same origin, its backends.

  --demo                    emulate SAP API Management and Apinizer in memory, enable the
                            /__demo/ control endpoints and print the demo credentials
  --addr ADDR               address to listen on (default 127.0.0.1:8080; port 0 = any free port)
  --dist DIR                the built portal (default dist)
  --upstream-sap URL        forward /apiportal/ to a real SAP tenant (the service key's url)
  --upstream-sap-token URL  forward /oauth/token to the service key's tokenUrl
  --upstream-apinizer URL   forward /apiops/ to a real Apinizer console
                            (with --demo, a product without an upstream stays emulated)
  --tls-cert PEM            serve HTTPS with this certificate chain (leaf first) ...
  --tls-key PEM             ... and its private key
  --insecure-http-behind-proxy
                            allow plain HTTP on an address other than loopback, for a
                            TLS-terminating reverse proxy in front (tokens cross in clear
                            between the proxy and this server)
  --public-host NAME        a host name the portal is reached by (NAME or NAME:PORT; repeat
                            for several); requests for any other host are refused
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
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub insecure_http_behind_proxy: bool,
    pub public_hosts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Run(Box<Args>),
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
    #[error("--tls-cert and --tls-key go together")]
    TlsPair,
    #[error(
        "refusing to serve plain HTTP on {0}: tokens and client secrets would cross the network \
         in clear. Give --tls-cert and --tls-key, or --insecure-http-behind-proxy when a \
         TLS-terminating reverse proxy is in front"
    )]
    PlainHttpOffLoopback(SocketAddr),
    #[error("--public-host {0}: give a host name, optionally with :PORT")]
    PublicHost(String),
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
        tls_cert: None,
        tls_key: None,
        insecure_http_behind_proxy: false,
        public_hosts: Vec::new(),
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
            Long("tls-cert") => parsed.tls_cert = Some(PathBuf::from(parser.value()?)),
            Long("tls-key") => parsed.tls_key = Some(PathBuf::from(parser.value()?)),
            Long("insecure-http-behind-proxy") => parsed.insecure_http_behind_proxy = true,
            Long("public-host") => {
                let name = parser.value()?.string()?;
                let valid = !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
                if !valid {
                    return Err(CliError::PublicHost(name));
                }
                parsed.public_hosts.push(name);
            }
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('V') | Long("version") => return Ok(Command::Version),
            _ => return Err(arg.unexpected().into()),
        }
    }
    if parsed.tls_cert.is_some() != parsed.tls_key.is_some() {
        return Err(CliError::TlsPair);
    }
    if parsed.tls_cert.is_none()
        && !parsed.addr.ip().is_loopback()
        && !parsed.insecure_http_behind_proxy
    {
        return Err(CliError::PlainHttpOffLoopback(parsed.addr));
    }
    Ok(Command::Run(Box::new(parsed)))
}

impl Args {
    /// The warning to print at start-up: plain HTTP off loopback, allowed by the operator.
    pub fn transport_warning(&self) -> Option<String> {
        (self.tls_cert.is_none() && !self.addr.ip().is_loopback()).then(|| {
            format!(
                "warning: serving plain HTTP on {} (--insecure-http-behind-proxy): only a \
                 TLS-terminating proxy in front may reach this address, or tokens and client \
                 secrets cross the network in clear.",
                self.addr
            )
        })
    }

    /// Per product: an upstream if one is given, else the emulation with --demo, else nothing.
    pub fn config(&self) -> Config {
        let mut config = if self.demo {
            Config::demo(&self.dist)
        } else {
            Config::files_only(&self.dist)
        };
        if let Some(url) = &self.upstream_sap {
            config = config.forward_sap(url, self.upstream_sap_token.clone());
        }
        if let Some(url) = &self.upstream_apinizer {
            config = config.forward_apinizer(url);
        }
        config.tls = self.tls_cert.is_some();
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::BackendChoice;

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
        let Ok(Command::Run(args)) = run(&["--upstream-apinizer", "https://console.example/"])
        else {
            panic!("forwarding only")
        };
        let config = args.config();
        assert!(!config.demo);
        assert_eq!(config.sap, BackendChoice::Off);
        assert_eq!(
            config.apinizer,
            BackendChoice::Upstream("https://console.example".into())
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
        assert_eq!(run(&["--tls-cert", "c.pem"]), Err(CliError::TlsPair));
        assert!(matches!(
            run(&["--public-host", "a b"]),
            Err(CliError::PublicHost(_))
        ));
    }

    #[test]
    fn plain_http_leaves_loopback_only_when_the_operator_says_so() {
        assert!(matches!(
            run(&["--addr", "0.0.0.0:8080"]),
            Err(CliError::PlainHttpOffLoopback(_))
        ));
        assert!(matches!(
            run(&["--addr", "192.0.2.1:8080"]),
            Err(CliError::PlainHttpOffLoopback(_))
        ));
        let Ok(Command::Run(args)) =
            run(&["--addr", "0.0.0.0:8080", "--insecure-http-behind-proxy"])
        else {
            panic!("allowed with the flag")
        };
        assert!(args.transport_warning().is_some());
        let Ok(Command::Run(args)) = run(&[
            "--addr",
            "0.0.0.0:8443",
            "--tls-cert",
            "c.pem",
            "--tls-key",
            "k.pem",
            "--public-host",
            "portal.example.com",
        ]) else {
            panic!("TLS off loopback")
        };
        assert!(args.transport_warning().is_none());
        assert!(args.config().tls);
        assert_eq!(args.public_hosts, vec!["portal.example.com".to_string()]);
        let Ok(Command::Run(args)) = run(&["--addr", "[::1]:8080"]) else {
            panic!("IPv6 loopback")
        };
        assert!(args.transport_warning().is_none());
    }
}
