# syntax=docker/dockerfile:1
# kpibot production image on Node 24 LTS: build once, run `kpibot start` as a non-root user.
# (The syntax directive must be the file's first line, before any comment, or Docker ignores it.)

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# scripts/ before `npm ci`: it holds the Prisma generator script and the local package that
# package.json "overrides" installs in place of @prisma/streams-local.
COPY scripts ./scripts
COPY prisma ./prisma
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY assets ./assets
COPY bin ./bin
# npm ci runs `prepare`: Prisma clients are generated and TypeScript compiled into dist/.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=file:/data/kpibot.db
# Fonts for chart text (local chart rendering), and a writable data folder for the embedded SQLite store.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core tini && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data && chown node:node /data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/kpibot.js", "start"]
