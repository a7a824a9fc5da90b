#!/usr/bin/env node
// The `onboarding` command: installed (package.json "bin") it runs the compiled CLI; `npm run cli` runs it from source.
import { main } from '../client/cli';

void main(process.argv.slice(2)).then((code) => process.exit(code));
