import { useState } from 'react';
import { Image } from 'antd';
import { CameraOutlined, CloseCircleFilled, LoadingOutlined, PictureOutlined } from '@ant-design/icons';
import { toastError } from '../../../components/feedback';
import { fileUrl, uploadFile } from '../api';
import { S } from '../strings';

const MAX_SIDE = 1600;
const SMALL_ENOUGH = 600 * 1024;

/** Shrinks a big photo in the browser (longest side 1600 px, JPEG) before it is uploaded. */
export async function compressImage(file: File): Promise<{ blob: Blob; name: string }> {
  if (file.size <= SMALL_ENOUGH || typeof createImageBitmap !== 'function') return { blob: file, name: file.name };
  try {
    const bmp = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bmp.width * scale);
    canvas.height = Math.round(bmp.height * scale);
    canvas.getContext('2d')?.drawImage(bmp, 0, 0, canvas.width, canvas.height);
    bmp.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82));
    if (!blob || blob.size >= file.size) return { blob: file, name: file.name };
    return { blob, name: file.name.replace(/\.[^.]*$/, '') + '.jpg' };
  } catch {
    return { blob: file, name: file.name };
  }
}

/** Photos from the camera or the gallery: compressed, uploaded at once, shown as thumbnails. */
export function PhotoPicker({ value = [], onChange, max, maxBytes }: { value?: number[]; onChange?: (ids: number[]) => void; max: number; maxBytes: number }) {
  const [busy, setBusy] = useState(0);

  const pick = async (el: HTMLInputElement) => {
    const files = el.files;
    if (!files) return;
    const room = max - value.length;
    const chosen = Array.from(files).slice(0, room);
    setBusy(chosen.length);
    const ids = [...value];
    for (const f of chosen) {
      try {
        const { blob, name } = await compressImage(f);
        if (blob.size > maxBytes) {
          toastError(new Error(S.photoTooBig(maxBytes / 1024 / 1024)));
          continue;
        }
        ids.push((await uploadFile(blob, name)).id);
        onChange?.([...ids]);
      } catch (e) {
        toastError(e);
      } finally {
        setBusy((n) => n - 1);
      }
    }
    el.value = '';
  };

  const tile = { width: 76, height: 76, borderRadius: 8, overflow: 'hidden', position: 'relative' as const, background: '#f3f0ec' };
  const addTile = { ...tile, display: 'flex', flexDirection: 'column' as const, alignItems: 'center', justifyContent: 'center', gap: 4, border: '1px dashed #c9c1b8', cursor: 'pointer', fontSize: 12, color: '#6b6560' };
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid="photo-picker">
      <Image.PreviewGroup>
        {value.map((id) => (
          <div key={id} style={tile}>
            <Image src={fileUrl(id)} alt={S.photoAlt} width={76} height={76} style={{ objectFit: 'cover' }} />
            <button
              type="button"
              aria-label={S.del}
              onClick={() => onChange?.(value.filter((v) => v !== id))}
              style={{ position: 'absolute', top: 2, right: 2, border: 0, background: 'transparent', color: 'rgba(0,0,0,.55)', fontSize: 18, cursor: 'pointer', padding: 0 }}
            >
              <CloseCircleFilled />
            </button>
          </div>
        ))}
      </Image.PreviewGroup>
      {value.length < max &&
        (busy > 0 ? (
          <div style={{ ...tile, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 4, fontSize: 12, color: '#6b6560' }}>
            <LoadingOutlined style={{ fontSize: 20 }} />
            {S.uploading}
          </div>
        ) : (
          <>
            {/* The camera straight away (capture), or a photo already taken from the gallery. */}
            <label style={addTile}>
              <CameraOutlined style={{ fontSize: 20 }} />
              {S.takePhoto}
              <input type="file" accept="image/*" capture="environment" style={{ display: 'none' }} data-testid="photo-camera" onChange={(e) => void pick(e.target)} />
            </label>
            <label style={addTile}>
              <PictureOutlined style={{ fontSize: 20 }} />
              {S.fromGallery}
              <input type="file" accept="image/*" multiple={max - value.length > 1} style={{ display: 'none' }} data-testid="photo-input" onChange={(e) => void pick(e.target)} />
            </label>
          </>
        ))}
    </div>
  );
}
