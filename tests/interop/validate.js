#!/usr/bin/env node
// Checks xAPI 1.0.x statements with an independent validator: xapi-validation 2.1.4 (Learning Locker's, the same
// rules xapi-statements applies). It knows 1.0.x only: 2.0-only properties (context.contextAgents, version
// "2.0.0") are reported as invalid.
//
//   node validate.js <file.json>      file: a JSON array of statements
//
// Prints one JSON object on stdout:
//   {"count":N,"invalid":[{"index":i,"id":"…"|null,"warnings":[{"name":"TypeWarning","path":"statement.actor.mbox",
//     "typeName":"Mailto","data":"bob@example.org"}, …]}]}
// Exit code: 0 all valid, 1 any invalid, 2 usage or parse error (message on stderr).
'use strict';

const fs = require('fs');
const validate = require('xapi-validation').default;

function fail(message) {
  process.stderr.write(`validate.js: ${message}\n`);
  process.exit(2);
}

if (process.argv.length !== 3) fail('usage: node validate.js <file.json>');

let statements;
try {
  statements = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
} catch (error) {
  fail(`cannot read ${process.argv[2]}: ${error.message}`);
}
if (!Array.isArray(statements)) fail(`${process.argv[2]} does not hold a JSON array of statements`);

// Offending values are echoed to help reading a failure, but kept short.
function shortData(data) {
  if (data === undefined) return undefined;
  const json = JSON.stringify(data);
  if (json === undefined) return String(data);
  return json.length <= 200 ? data : `${json.slice(0, 200)}…`;
}

// rulr warnings are Error subclasses: name (TypeWarning, RequiredWarning, RestrictedKeysWarning, …), path (array
// of keys from "statement"), data (the offending value) and per kind typeName/type, keys, exception or nested
// warnings. A Warnings (plural) container is flattened into its members.
function serialise(warning) {
  if (Array.isArray(warning.warnings)) return warning.warnings.flatMap(serialise);
  const result = {
    name: warning.name || (warning.constructor && warning.constructor.name) || 'Warning',
    path: Array.isArray(warning.path) ? warning.path.join('.') : String(warning.path),
  };
  if (warning.message && warning.message !== 'Validation Error') result.message = warning.message;
  if (warning.typeName) result.typeName = warning.typeName;
  else if (typeof warning.type === 'function') result.typeName = warning.type.name;
  if (Array.isArray(warning.keys)) result.keys = warning.keys;
  if (warning.exception) result.exception = String(warning.exception.message || warning.exception);
  const data = shortData(warning.data);
  if (data !== undefined) result.data = data;
  return [result];
}

const invalid = [];
statements.forEach((statement, index) => {
  let warnings;
  try {
    warnings = validate(statement);
  } catch (error) {
    warnings = [{ name: 'ValidatorException', path: ['statement'], message: error.message }];
  }
  if (warnings.length > 0) {
    const id = statement && typeof statement === 'object' && typeof statement.id === 'string' ? statement.id : null;
    invalid.push({ index, id, warnings: warnings.flatMap(serialise) });
  }
});

process.stdout.write(`${JSON.stringify({ count: statements.length, invalid })}\n`);
process.exitCode = invalid.length === 0 ? 0 : 1;
