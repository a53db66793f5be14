# Levee's server image. NOTE: this file cannot be built on Levee's development machines (they have no
# Docker engine); it follows the official Swift images' documented two-stage layout and is untested here.
FROM swift:6.3-bookworm AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product levee --static-swift-stdlib \
 && cp "$(swift build -c release --show-bin-path)/levee" /levee

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libcurl4 libxml2 tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/levee --create-home levee
COPY --from=build /levee /usr/local/bin/levee
USER levee
WORKDIR /var/lib/levee
ENV LEVEE_HTTP_HOST=0.0.0.0 LEVEE_DATABASE_PATH=/var/lib/levee/levee.sqlite
VOLUME /var/lib/levee
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/levee"]
CMD ["serve"]
