import { App } from 'aws-cdk-lib';
import { defineAsllApp } from './asll-app.js';

// `npm run synth` (cdk.json: npx tsx infra/aws/app.ts). The policy: -c asllPolicy=<id>, default meuse.
defineAsllApp(new App());
