import { useEffect, useRef, useState } from 'react';
import { Alert, Modal } from 'antd';
import { S } from '../strings';

// The Shape Detection API is not in TypeScript's DOM library yet.
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (opts?: { formats?: string[] }) => BarcodeDetectorLike;

const detectorCtor = (): BarcodeDetectorCtor | null => ((globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector ?? null);

/** Whether this browser can read codes from the camera (phones with Chrome; not every browser). */
export const cameraScanSupported = () => detectorCtor() !== null && typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);

/**
 * The phone camera as a scanner: every code read is handed to onCode (the same
 * code is not repeated within two seconds, so one copy held in view counts once).
 */
export function CameraScanner({ open, onClose, onCode }: { open: boolean; onClose: () => void; onCode: (code: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<string | null>(null);
  const onCodeRef = useRef(onCode);
  useEffect(() => {
    onCodeRef.current = onCode;
  }, [onCode]);

  useEffect(() => {
    if (!open) return;
    const Ctor = detectorCtor();
    if (!Ctor) return;
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const seen = new Map<string, number>();
    const detector = new Ctor({ formats: ['qr_code', 'code_128', 'code_39', 'ean_13', 'ean_8'] });
    const tick = async () => {
      if (stopped || !video.current) return;
      try {
        for (const b of await detector.detect(video.current)) {
          const now = Date.now();
          if ((seen.get(b.rawValue) ?? 0) > now - 2000) continue;
          seen.set(b.rawValue, now);
          setLast(b.rawValue);
          onCodeRef.current(b.rawValue);
        }
      } catch {
        // A frame that is not ready yet: try the next one.
      }
      timer = setTimeout(() => void tick(), 250);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (s) => {
        stream = s;
        if (stopped || !video.current) return s.getTracks().forEach((t) => t.stop());
        video.current.srcObject = s;
        await video.current.play();
        void tick();
      })
      .catch(() => setError(S.stCameraFail));
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [open]);

  return (
    <Modal open={open} onCancel={onClose} footer={null} title={S.stCameraTitle} destroyOnHidden width={420}>
      {error ? (
        <Alert type="error" showIcon title={error} />
      ) : (
        <>
          <video ref={video} playsInline muted style={{ width: '100%', borderRadius: 8, background: '#000' }} />
          {last && <div style={{ marginTop: 8, color: '#6b6560' }}>{last}</div>}
        </>
      )}
    </Modal>
  );
}
