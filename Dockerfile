# Multi-stage build: compile in the Rust image, run in a small Debian image.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY config config
COPY benches benches
COPY migrations migrations
RUN cargo build --release --locked --bin clashwatch

FROM debian:bookworm-slim
# TLS roots are compiled in (webpki-roots); ca-certificates helps tools in the image.
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app --uid 10001 clashwatch
WORKDIR /app
ENV DATABASE_URL=sqlite:///app/data/clashwatch.db
COPY --from=build /src/target/release/clashwatch /usr/local/bin/clashwatch
COPY config config
RUN mkdir -p /app/data && chown clashwatch /app/data
USER clashwatch
VOLUME ["/app/data"]
ENTRYPOINT ["clashwatch"]
CMD ["run"]
