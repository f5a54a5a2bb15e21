//! `portal-server`: see `portal_server::cli::USAGE`; `portal-server audit` is the truststore audit (`audit::USAGE`).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use portal_server::cli::{self, Command};

mod audit;

fn main() -> ExitCode {
    let mut arguments = std::env::args_os().skip(1).peekable();
    if arguments.peek().is_some_and(|first| first == "audit") {
        return audit::main(arguments.skip(1));
    }
    let args = match cli::parse(arguments) {
        Ok(Command::Run(args)) => *args,
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(Command::Version) => {
            println!("portal-server {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("portal-server: {e}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    if args.upstream_sap_token.is_some() && args.upstream_sap.is_none() {
        eprintln!(
            "portal-server: --upstream-sap-token goes with --upstream-sap\n\n{}",
            cli::USAGE
        );
        return ExitCode::from(2);
    }

    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("portal-server: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("portal-server: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: cli::Args) -> std::io::Result<()> {
    let config = args.config();
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(
            portal_server::tls::load(cert, key)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?,
        ),
        _ => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot listen on {}: {e}", args.addr))
        })?;
    let origin = format!("{scheme}://{}", listener.local_addr()?);
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "portal-server listening on {origin}")?;
        if let Some(warning) = args.transport_warning() {
            writeln!(out, "{warning}")?;
            eprintln!("portal-server: {warning}");
        }
        if config.demo {
            writeln!(out, "{}", portal_server::demo_banner(&origin))?;
        }
        if !config.dist.join("index.html").is_file() {
            writeln!(
                out,
                "note: {} has no index.html: the portal is not built (run `make demo`); the APIs work.",
                config.dist.display()
            )?;
        }
        out.flush()?;
    }
    let serving = portal_server::Serving {
        tls,
        public_hosts: args.public_hosts.clone(),
    };
    portal_server::serve_with(
        listener,
        portal_server::router(&config),
        &serving,
        shutdown_signal(),
    )
    .await
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    eprintln!("portal-server: shutting down");
}
