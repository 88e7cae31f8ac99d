use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use tokio_util::sync::CancellationToken;

use clashwatch::bot;
use clashwatch::cli::{facts, refacts, summarize, Cli, Command};
use clashwatch::config::Config;
use clashwatch::logging;

fn main() -> ExitCode {
    match real_main() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn real_main() -> anyhow::Result<ExitCode> {
    // A missing .env is normal; a malformed one is worth saying.
    if let Err(e) = dotenvy::dotenv() {
        if !e.not_found() {
            eprintln!("warning: ignoring .env: {e}");
        }
    }
    let cli = Cli::parse();
    let config = Config::load(cli.config.as_deref()).context("loading configuration")?;
    logging::init(&config.log);

    // Pure and synchronous: no async runtime needed.
    if let Command::Facts = cli.command {
        let stdin = std::io::stdin();
        facts::run(stdin.lock(), std::io::stdout().lock()).context("reading facts")?;
        return Ok(ExitCode::SUCCESS);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    match cli.command {
        Command::Run => {
            let conn = bot::Connection::from_env()?;
            runtime.block_on(async {
                let shutdown = CancellationToken::new();
                tokio::spawn(stop_on_signal(shutdown.clone()));
                bot::run(config, conn, shutdown).await
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Summarize(args) => runtime.block_on(summarize::run(&config, args)),
        Command::Refacts(args) => runtime.block_on(refacts::run(&config, args.batch)),
        Command::Facts => Ok(ExitCode::SUCCESS),
    }
}

/// SIGINT (Ctrl-C) or SIGTERM (docker stop, systemd) starts a graceful shutdown.
async fn stop_on_signal(shutdown: CancellationToken) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    tracing::info!("signal received, shutting down");
    shutdown.cancel();
}
