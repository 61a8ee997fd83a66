# syntax=docker/dockerfile:1
# The aifleet operator image: `aifleet run` as a non-root user on a slim Debian.
#
# Build from the repository root, then load it into a local cluster or push it:
#   docker build -t aifleet:0.1.0 .
#   kind load docker-image aifleet:0.1.0        # the chart's default image is aifleet:<appVersion>
#   docker tag aifleet:0.1.0 REGISTRY/aifleet:0.1.0 && docker push REGISTRY/aifleet:0.1.0
#   helm install aifleet charts/aifleet -n aifleet-system --create-namespace --set image.repository=REGISTRY/aifleet
# Other architectures: docker buildx build --platform linux/arm64 -t aifleet:0.1.0 .
#
# Build and runtime stages use the same Debian release, so the binary finds the libcurl and libyaml
# it was linked against (bookworm: libcurl 7.88 with OpenSSL 3 and nghttp2, the one the tests run on).
ARG SWIFT_VERSION=6.3.1
ARG DEBIAN_RELEASE=bookworm

# --- Build: a release binary with the Swift standard library and Foundation linked in statically,
# so the runtime image needs no Swift toolchain, only the C libraries.
FROM swift:${SWIFT_VERSION}-${DEBIAN_RELEASE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4-openssl-dev libyaml-dev libzstd-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The manifest first: dependencies are resolved in their own layer and reused until it changes.
COPY Package.swift ./
RUN swift package resolve
# SwiftPM checks every target of the manifest, so the test and benchmark folders come along
# (.dockerignore keeps build output, git data and docs out).
COPY . .
RUN swift build -c release --product aifleet --static-swift-stdlib \
 && install -D -m 0755 "$(swift build -c release --show-bin-path)/aifleet" /out/aifleet \
 && strip /out/aifleet

# --- Runtime: libcurl (the API-server client), libyaml (manifests), libzstd (compressed caches; libcurl
# needs it too), CA certificates and time zones.
FROM debian:${DEBIAN_RELEASE}-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4 libyaml-0-2 libzstd1 ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 65532 aifleet \
 && useradd --system --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin aifleet
COPY --from=build /out/aifleet /usr/local/bin/aifleet
# Numeric, so that Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 65532:65532
# /metrics and /healthz + /readyz (the chart's metrics.port and health.port).
EXPOSE 8080 8081
LABEL org.opencontainers.image.title="aifleet" \
      org.opencontainers.image.description="Kubernetes operator for fleets of AI microservices"
ENTRYPOINT ["/usr/local/bin/aifleet"]
CMD ["run"]
