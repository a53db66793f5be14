# Levee's server image, made from the release tarball (scripts/release) — no compiler and no build step in it:
#   scripts/release && docker build --build-arg VERSION="$(cat VERSION)" -t levee .
# The binary carries Swift's runtime; the image adds only SQLite's library, CA certificates and time zones.
# NOTE: the development machines have no Docker engine, so this file is untested here; the same binary is run in a
# bare Debian root on every CI run (scripts/test-portable).
FROM debian:bookworm-slim
ARG VERSION
ARG ARCH=x86_64
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libsqlite3-0 tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/levee --create-home levee
ADD dist/levee-${VERSION}-linux-${ARCH}.tar.gz /opt/
RUN ln -s /opt/levee-${VERSION}-linux-${ARCH}/levee /usr/local/bin/levee
USER levee
WORKDIR /var/lib/levee
ENV LEVEE_HTTP_HOST=0.0.0.0 LEVEE_DATABASE_PATH=/var/lib/levee/levee.sqlite
VOLUME /var/lib/levee
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/levee"]
CMD ["serve"]
