# syntax=docker/dockerfile:1
# One image for every Citizen Desk process. Choose the process with SERVICE (gateway, dialog, handoff,
# broadcast, analytics) or override the command, e.g. `node tools/viber-simulator/dist/main.js` or
# `node apps/staff-web/dist-server/main.js` (the staff web app).

ARG NODE_IMAGE=node:20-bookworm-slim

# Only the package manifests: the dependency layers below are rebuilt when a manifest changes, not
# on every source edit (BuildKit compares the copied files' contents).
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY apps apps
COPY libs libs
COPY services services
COPY tools tools
RUN find apps libs services tools -mindepth 2 -maxdepth 2 ! -name package.json -exec rm -rf {} +

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=manifests /src ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build \
  # Ship compiled code and non-TypeScript assets (content, static pages); drop sources and build state.
  && rm -rf apps/staff-web/src apps/staff-web/index.html \
  && find apps libs services tools -path '*/node_modules' -prune -o -type f \
       \( -name '*.ts' ! -name '*.d.ts' -o -name '*.tsbuildinfo' -o -name 'tsconfig*.json' -o -name 'project.json' \) \
       -exec rm -f {} + \
  # Nested workspace node_modules hold dev dependencies; the production ones come from prod-deps.
  && find apps libs services tools -mindepth 2 -maxdepth 2 -name node_modules -exec rm -rf {} + \
  # Benchmarks are built with everything else but never run in the image.
  && rm -rf services/*/dist-bench

# Production dependencies only; workspace packages are symlinks into libs/, filled from the build stage.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=manifests /src ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# Merges into the workspace folders (keeping any nested production node_modules).
COPY --from=build /app/apps ./apps
COPY --from=build /app/libs ./libs
COPY --from=build /app/services ./services
COPY --from=build /app/tools ./tools

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    SERVICE=gateway
WORKDIR /app
COPY --from=prod-deps /app ./
# The image's own "node" user, numeric so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 3000 3001 3002 3003 3004 3005
# exec: node becomes PID 1 and receives SIGTERM itself, so the graceful shutdown runs.
CMD ["/bin/sh", "-c", "exec node services/${SERVICE}/dist/main.js"]
