# The image of the GitHub Action in action.yml. GitHub runs Docker actions as root (the workspace and the job
# summary file belong to the runner), so unlike Dockerfile this image has no USER. GitHub builds it with the
# directory that holds it (the repository root) as the context. NOTE: not buildable on Levee's development
# machines (no Docker engine); untested here.
FROM swift:6.3-bookworm AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product levee --static-swift-stdlib \
 && cp "$(swift build -c release --show-bin-path)/levee" /levee

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libcurl4 libxml2 tzdata \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /levee /usr/local/bin/levee
