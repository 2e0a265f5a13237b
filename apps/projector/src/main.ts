import { createOutboxSender, createSupervisionProjector, openStorage, runMain, stopOnSignals } from '@ledger/bootstrap';
import { loadServiceConfig } from '@ledger/config';

/** The projector alone. Several may run: one owns the projection, the others stand by. */
runMain('projector', async () => {
  const config = loadServiceConfig('projector');
  const databaseUrl = config.databaseUrl!;
  const storage = await openStorage(databaseUrl, { ownerUrl: config.databaseOwnerUrl });
  const projector = createSupervisionProjector(databaseUrl, storage.dataSource, storage.store, (message) => console.error(message));
  await projector.start();
  // Delivers the notifications the projector derives to the channels the admin configured.
  const sender = createOutboxSender(storage.pool, config, (message) => console.error(message));
  sender.start();
  console.log('projector running');
  stopOnSignals('projector', async () => {
    await sender.stop();
    await projector.stop();
    await storage.close();
  });
});
