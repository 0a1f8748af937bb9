#!/usr/bin/env node
// Container health check (the Dockerfile's HEALTHCHECK, docker-compose.yml): exits 0 when the URL answers
// 200 within 4 s, 1 otherwise. Default: the API's GET /health on $PORT. Node's own http, because the slim
// image has no curl or wget.
'use strict';
const http = require('node:http');

const url = process.argv[2] || `http://127.0.0.1:${process.env.PORT || 3000}/health`;
const request = http.get(url, { timeout: 4000 }, (response) => {
  response.resume();
  process.exit(response.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 4 s`)));
request.on('error', (error) => {
  process.stderr.write(`healthcheck: ${error.message}\n`);
  process.exit(1);
});
