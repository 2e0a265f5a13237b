import { PREBUILT_BUNDLE, writeWorkflowBundle } from './worker';

// Part of `npm run build`: a compiled worker loads this file instead of bundling at every start.
writeWorkflowBundle().then(
  (bytes) => console.log(`workflow bundle: ${PREBUILT_BUNDLE} (${Math.round(bytes / 1024)} KiB)`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
