import { PREBUILT_BUNDLE, PREBUILT_TRACED_BUNDLE, writeWorkflowBundle } from './worker';

// Part of `npm run build`: a compiled worker loads one of these files instead of bundling at every start.
async function build(): Promise<void> {
  for (const [path, traced] of [
    [PREBUILT_BUNDLE, false],
    [PREBUILT_TRACED_BUNDLE, true],
  ] as const) {
    const bytes = await writeWorkflowBundle(path, { traced });
    console.log(`workflow bundle: ${path} (${Math.round(bytes / 1024)} KiB)`);
  }
}

build().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
