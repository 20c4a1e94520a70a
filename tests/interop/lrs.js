#!/usr/bin/env node
// An external LRS for tests: xapi-statements 5.0.1 (Learning Locker's statements service), fully in memory,
// listening on 127.0.0.1 only.
//
//   node lrs.js <port> [storageDir]
//
// - Prints exactly one line "READY <port>" on stdout once GET /xAPI/about answers; everything else the service
//   logs goes to stderr.
// - Its access logs (and anything else it writes relative to the working directory) go to storageDir, or to a
//   fresh folder under os.tmpdir() that is removed again at exit. It never writes into the repository.
// - Exits when stdin closes (so a parent test process that dies does not leave it running) or on SIGTERM/SIGINT.
//   To run it by hand in the background, keep stdin open: `tail -f /dev/null | node lrs.js 18081 &`.
// - Authentication: AUTH_REPO=test accepts any Authorization header (even none).
// - Data lives in memory only: a restart starts empty.
'use strict';

const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const usage = 'usage: node lrs.js <port> [storageDir]';
const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}

// Keep stdout for the READY line alone: the service's console logging (winston, morgan) goes to stderr.
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, encoding, callback) => process.stderr.write(chunk, encoding, callback);

let ownStorageDir = null;
let storageDir = process.argv[3];
if (storageDir) {
  storageDir = path.resolve(storageDir);
  fs.mkdirSync(storageDir, { recursive: true });
} else {
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xapi-statements-'));
  ownStorageDir = storageDir;
}

let exiting = false;
function exit(code, reason) {
  if (exiting) return;
  exiting = true;
  if (reason) process.stderr.write(`lrs.js: ${reason}\n`);
  if (ownStorageDir) {
    try {
      fs.rmSync(ownStorageDir, { recursive: true, force: true });
    } catch {
      // best effort: it is under the temp folder
    }
  }
  process.exit(code);
}

process.on('SIGTERM', () => exit(0, 'SIGTERM'));
process.on('SIGINT', () => exit(0, 'SIGINT'));
process.stdin.on('end', () => exit(0, 'stdin closed'));
process.stdin.on('close', () => exit(0, 'stdin closed'));
process.stdin.on('error', () => exit(0, 'stdin error'));
process.stdin.on('data', () => {}); // ignore input, but read it so 'end' fires
process.stdin.resume();

// The service reads its configuration from the environment (and a .env file in the working directory, of which
// the temp folder has none) when it is required.
Object.assign(process.env, {
  AUTH_REPO: 'test',
  EVENTS_REPO: 'test',
  MODELS_REPO: 'memory',
  STORAGE_REPO: 'memory',
  EXPRESS_PORT: String(port),
  SERVICE_AWAIT_UPDATES: 'true',
  FS_LOCAL_STORAGE_DIR: path.join(storageDir, 'storage'),
  EXPRESS_MORGAN_DIRECTORY: path.join(storageDir, 'storage', 'accessLogs'),
  LL_CLIENT_INFO_ENDPOINT: `http://127.0.0.1:${port}/auth`,
  AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
});
process.chdir(storageDir);

// The service calls app.listen(port), i.e. on all interfaces: force every TCP listen onto the loopback address.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function patchedListen(...args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
    else args[1] = '127.0.0.1';
  } else if (first && typeof first === 'object' && first.path === undefined && !(first instanceof net.Server)) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  // Readiness is this server listening AND answering: a poll alone could reach another process on the port.
  let listening = false;
  this.once('listening', () => {
    listening = true;
    if (this.address() && this.address().port === port) poll();
  });
  this.once('error', (error) => {
    if (!listening) exit(1, `cannot listen on 127.0.0.1:${port}: ${error.message}`);
  });
  return listen.apply(this, args);
};

require('xapi-statements');

// The package gives no readiness hook (it only calls process.send when it has an IPC channel): once its server
// listens, poll /about.
let lastProblem = '';
const notReady = setTimeout(() => exit(1, `not ready on 127.0.0.1:${port} after 55 s: ${lastProblem || 'never listening'}`), 55000);
function poll() {
  const request = http.get({ host: '127.0.0.1', port, path: '/xAPI/about', timeout: 2000 }, (response) => {
    response.resume();
    if (response.statusCode === 200) {
      clearTimeout(notReady);
      writeStdout(`READY ${port}\n`);
    } else {
      retry(`GET /xAPI/about answered ${response.statusCode}`);
    }
  });
  request.on('timeout', () => request.destroy(new Error('timeout')));
  request.on('error', (error) => retry(error.message));
}
function retry(reason) {
  lastProblem = reason;
  setTimeout(poll, 100);
}
