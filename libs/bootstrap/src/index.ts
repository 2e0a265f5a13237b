/**
 * What the service processes share to start, whichever app runs them: the storage they open,
 * the configuration a separately deployed service needs, a clean stop on a signal, and the
 * supervision projector (run by the projector and the launcher, rebuilt by the CLI).
 */
export { openStorage, type Storage } from './storage';
export { runMain, standaloneConfig, stopOnSignals } from './standalone';
export { createSupervisionProjector, rebuildSupervision, verifySupervision, SUPERVISION_CHECKPOINT } from './supervision-projector';
export { createOutboxSender } from './delivery';
export { superviseEveryPublishedPlan, superviseTasksOf, targetFactsOf } from './supervision';
export { reconcileWorkflows, describeReconcile, superviseFromStore, type ReconcileOutcome } from './reconcile';
