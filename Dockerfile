# Komposer: the operator (entrypoint) and the `ork` CLI in one image.
#   docker build -t ghcr.io/orkspace/komposer:<version> .
# test/image/image-steps.test.ts reproduces the runtime stage's steps (it reads the COPY and RUN lines below),
# so keep each step on its own line in the form the test parses.
ARG NODE_IMAGE=node:20-bookworm-slim

# Build: every dependency, compile TypeScript to dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime: production dependencies only (no install scripts run), the compiled code and the CRD.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOME=/tmp
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY crds ./crds
# `ork` on PATH: dist/cli/main.js starts with #!/usr/bin/env node; Node resolves the symlink to /app.
RUN chmod 0755 dist/cli/main.js && ln -s /app/dist/cli/main.js /usr/local/bin/ork
# The chart runs as 65532 too (readOnlyRootFilesystem; /tmp is an emptyDir there). Files stay root-owned.
USER 65532:65532
ENTRYPOINT ["node", "dist/operator.js"]
