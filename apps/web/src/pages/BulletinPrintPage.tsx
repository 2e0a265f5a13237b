import { Button } from 'antd';
import { api } from '../api';
import { BulletinDocument } from '../components/bulletin';
import { LoadState } from '../components/common';
import { useLoad } from '../load';

/** The bulletin on its own, for the browser to print on A4 (styles.css hides the console around it). */
export default function BulletinPrintPage({ bulletinId }: { bulletinId: string }) {
  const loaded = useLoad(() => api.bulletin(bulletinId), [bulletinId]);
  return (
    <LoadState loaded={loaded}>
      {(bulletin) => (
        <div className="bulletin-print">
          <Button className="no-print" type="primary" onClick={() => window.print()} style={{ marginBottom: 12 }}>
            打印
          </Button>
          <BulletinDocument
            version={bulletin.draft ?? bulletin.published!}
            publishedAt={bulletin.draft ? undefined : bulletin.published?.publishedAt}
          />
        </div>
      )}
    </LoadState>
  );
}
