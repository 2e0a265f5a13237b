import { createOutboxSender, createSupervisionProjector, openStorage, runMain, stopOnSignals } from '@ledger/bootstrap';
import { loadServiceConfig } from '@ledger/config';
import { logger, observeProcess, watchReadModels } from '@ledger/observability';

/** The projector alone. Several may run: one owns the projection, the others stand by. */
runMain('projector', async () => {
  const config = loadServiceConfig('projector');
  const observed = await observeProcess('projector', config);
  const log = logger('projector');
  const databaseUrl = config.databaseUrl!;
  const storage = await openStorage(databaseUrl, { ownerUrl: config.databaseOwnerUrl });
  const projector = createSupervisionProjector(databaseUrl, storage.dataSource, storage.store, (message) => log.error(message));
  await projector.start();
  // This process holds the read models: its scrape says how far behind they are and what waits in them.
  watchReadModels(storage.pool);
  // Delivers the notifications the projector derives to the channels the admin configured.
  const sender = createOutboxSender(storage.pool, config, (message) => log.error(message));
  sender.start();
  log.info('projector running');
  stopOnSignals('projector', async () => {
    await sender.stop();
    await projector.stop();
    await storage.close();
    await observed.stop();
  });
});
