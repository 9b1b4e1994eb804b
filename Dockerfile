# syntax=docker/dockerfile:1
# `triage serve` in a container: signed in (OpenID Connect and API keys), as a user without
# privileges, the check log in PostgreSQL (see compose.yaml and docs/deployment.md).
# Python 3.11: durable-rules 2.0.28 does not build on 3.13 (pyproject.toml), and CI tests 3.11.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: wheels for triage and everything it needs; durable-rules' C extension is compiled
# here, so the compiler never reaches the image that runs
FROM ${PYTHON_IMAGE} AS build
# the compiler of the base image's Debian release, whatever its patch level (not pinned)
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
COPY rules ./rules
RUN pip wheel --no-cache-dir --wheel-dir /wheels ".[postgres]"

# --- run: the wheels only, no compiler, no source tree, no root
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN groupadd --system --gid 10001 triage \
    && useradd --system --uid 10001 --gid triage --home-dir /var/lib/triage --shell /usr/sbin/nologin triage \
    && install -d -o triage -g triage -m 0700 /var/lib/triage
# exactly the wheels built above (--no-index): their versions are those pip resolved there
# hadolint ignore=DL3013
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links /wheels "triage[postgres]"
# the scenarios the Regels pages show beside each rule
COPY features /opt/triage/features
ENV TRIAGE_FEATURES=/opt/triage/features
USER 10001:10001
WORKDIR /var/lib/triage
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
# Listening on all interfaces of the container is only allowed signed in: `--no-auth` is refused
# off loopback. Configure with TRIAGE_* variables (docs/deployment.md).
ENTRYPOINT ["triage"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
