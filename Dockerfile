# syntax=docker/dockerfile:1
# clashwatch in a container: `docker build -t clashwatch .`, then
# `docker run --env-file .env -v clashwatch-data:/app/data clashwatch`.
#
# Three build stages so a source change rebuilds only clashwatch itself:
#   chef    - the Rust toolchain plus cargo-chef (installed from crates.io once)
#   planner - reduces Cargo.toml/Cargo.lock to a "recipe" that changes only
#             when the dependencies do
#   build   - compiles the dependencies from the recipe (a cached layer while
#             the recipe is unchanged), then the sources
# and a small runtime stage with the binary alone.

FROM rust:1-bookworm AS chef
# Rust >= 1.88 (Cargo.toml's rust-version); the C compiler that some
# dependencies (SQLite, ring) need is in this image already.
RUN cargo install cargo-chef --locked --version ^0.1
WORKDIR /src

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS build
COPY --from=planner /src/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json --bin clashwatch
# Data files (config/) and migrations are compiled into the binary.
COPY . .
RUN cargo build --release --locked --bin clashwatch

FROM debian:bookworm-slim
# TLS roots are compiled in (webpki-roots); ca-certificates helps tools in the image.
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app --uid 10001 clashwatch
WORKDIR /app
ENV DATABASE_URL=sqlite:///app/data/clashwatch.db
COPY --from=build /src/target/release/clashwatch /usr/local/bin/clashwatch
# config/default.toml documents every setting; the defaults are compiled in.
COPY config config
RUN mkdir -p /app/data && chown clashwatch /app/data
USER clashwatch
VOLUME ["/app/data"]
# `docker stop` sends SIGTERM: the bot hands back unfinished work and exits
# (code 143) within 5 s, well inside docker's 10 s grace period.
STOPSIGNAL SIGTERM
ENTRYPOINT ["clashwatch"]
CMD ["run"]
