# caseflow worker and API image (one image, two commands). Built from a clone:
#   docker build -t caseflow .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time: SQL migrations, shipped templates, the bin entry.
COPY --from=build /app/db/migrations ./db/migrations
COPY --from=build /app/definitions ./definitions
COPY --from=build /app/bin ./bin
USER node
EXPOSE 3000
CMD ["node", "dist/api/main.js"]
