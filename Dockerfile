# Komposer: the operator (entrypoint) and the `ork` CLI in one image.
#   docker build -t ghcr.io/orkspace/komposer:<version> .
# The build stage compiles the code and assembles the whole runtime tree under /out; the runtime stage only
# copies it, so its base needs no shell, no npm and no package manager: distroless' Node 20 image (node at
# /nodejs/bin/node, no /bin/sh, no /usr/bin/env). test/image/image-steps.test.ts reproduces the assembly under
# /out (it reads the lines after `WORKDIR /out/app`), so keep each step on its own line in the form it parses.
ARG NODE_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12

# Build: every dependency, compile TypeScript to dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
# The runtime tree: production dependencies only (no install scripts run), the compiled code and the CRD.
WORKDIR /out/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# Type declarations, TypeScript sources and source maps are never loaded by Node (no --enable-source-maps): about
# half of node_modules, mostly @kubernetes/client-node's .d.ts files.
RUN find node_modules -type f \( -name "*.ts" -o -name "*.mts" -o -name "*.cts" -o -name "*.map" \) -delete
RUN cp -R /src/dist ./dist
COPY crds ./crds
# `ork` on PATH without a shell or /usr/bin/env (dist/cli/main.js starts with #!/usr/bin/env node): a launcher
# that names node by its path in the runtime base.
RUN mkdir -p /out/bin && printf '#!/nodejs/bin/node\nimport("/app/dist/cli/main.js");\n' >/out/bin/ork && chmod 0755 /out/bin/ork

# Runtime: no RUN steps, only the tree assembled above. Files stay root-owned; the chart runs as 65532 too
# (readOnlyRootFilesystem; /tmp is an emptyDir there).
FROM ${RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOME=/tmp
COPY --from=build /out/app /app
COPY --from=build /out/bin/ork /usr/local/bin/ork
WORKDIR /app
USER 65532:65532
ENTRYPOINT ["/nodejs/bin/node", "dist/operator.js"]
