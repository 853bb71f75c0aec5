# Wijkregie as a container image for production (not needed for `make demo`): docs/deploy.md.
#   docker build -t wijkregie .
#   docker run --env-file wijkregie.env -v /srv/standards:/standards:ro -p 8000:8000 wijkregie           # web
#   docker run --env-file wijkregie.env -v /srv/standards:/standards:ro wijkregie wijkregie worker      # jobs

# The NL Design System CSS and htmx come from npm, pinned by package-lock.json, never from a CDN.
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error \
 && mkdir -p vendor \
 && cp node_modules/@utrecht/component-library-css/dist/index.css vendor/utrecht.css \
 && cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css vendor/voorbeeld-theme.css \
 && cp node_modules/htmx.org/dist/htmx.min.js vendor/htmx.min.js

FROM python:3.11-slim-bookworm
# WeasyPrint renders the PDF letters with Pango; the PostgreSQL client makes `wijkregie backup` work.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/wijkregie --create-home wijkregie
WORKDIR /opt/wijkregie
COPY pyproject.toml requirements.lock README.md ./
COPY src ./src
COPY --from=assets /build/vendor ./src/wijkregie/static/vendor
RUN pip install --no-cache-dir -c requirements.lock .
ENV DJANGO_SETTINGS_MODULE=wijkregie.conf.base \
    WIJKREGIE_VAR_DIR=/var/lib/wijkregie \
    WIJKREGIE_ISTANDAARDEN_DIR=/standards \
    WIJKREGIE_BIND=0.0.0.0:8000 \
    WIJKREGIE_LOG_FORMAT=json \
    PYTHONUNBUFFERED=1
USER wijkregie
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["wijkregie", "serve"]
