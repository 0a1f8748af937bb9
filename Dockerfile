# syntax=docker/dockerfile:1
# caseflow's image: one image for the workers and the API (the command differs), and a `setup` target with
# Temporal's SQL tool added for the set-up jobs. See docs/operations.md, "Running on compose".
#   docker build -t caseflow .                          # workers and API (the last stage, `runtime`)
#   docker build --target setup -t caseflow-setup .     # `caseflow setup schema|namespace`
# Node 22 LTS: Node 20 is past its end of life. Temporal 1.32.1 is the server version caseflow pins
# (package.json config.temporalServerVersion); its admin-tools image carries the matching SQL tool.
ARG NODE_IMAGE=node:22-bookworm-slim
ARG TEMPORAL_ADMIN_TOOLS_IMAGE=temporalio/admin-tools:1.32.1

FROM ${TEMPORAL_ADMIN_TOOLS_IMAGE} AS temporal-admin-tools

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Compile, build the web console (dist/console), bundle the workflow code once here (workers load it
# instead of bundling at every start), then
# drop the development dependencies.
RUN npx tsc -p tsconfig.build.json \
  && npx vite build \
  && npm run bundle \
  && test -s dist/workflow-bundle.js \
  && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS app
ENV NODE_ENV=production \
    CASEFLOW_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
WORKDIR /app
# Owned by root and read-only to the process: the running service cannot change its own code.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time: SQL migrations, shipped templates, the `caseflow` command and the health check.
COPY --from=build /app/db/migrations ./db/migrations
COPY --from=build /app/definitions ./definitions
COPY --from=build /app/bin ./bin
USER node
EXPOSE 3000
# The API's GET /health on $PORT, with node's http (the slim image has no curl). Workers serve no HTTP:
# docker-compose.yml gives them their own check (the SDK metrics endpoint).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "bin/healthcheck.js"]
CMD ["node", "dist/api/main.js"]

# The set-up jobs (`caseflow setup schema` runs temporal-sql-tool). The tool is a static Go binary
# (CGO_ENABLED=0), so Alpine's build runs on Debian; the schema files come along for operators who run the
# tool by hand (caseflow uses the schemas embedded in the tool).
FROM app AS setup
COPY --from=temporal-admin-tools /usr/local/bin/temporal-sql-tool /usr/local/bin/temporal-sql-tool
COPY --from=temporal-admin-tools /etc/temporal/schema /etc/temporal/schema
CMD ["node", "bin/caseflow.js", "setup", "schema"]

FROM app AS runtime
