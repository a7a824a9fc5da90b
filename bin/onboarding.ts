#!/usr/bin/env node
// The installed `onboarding` command (package.json "bin"): the compiled CLI, run by node itself.
import { main } from '../client/cli';

void main(process.argv.slice(2)).then((code) => process.exit(code));
