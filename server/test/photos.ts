// Photos for tests: a real 24×16 JPEG (drawn by Chromium's canvas, 2026-12-07), and the same
// photo with an Exif segment carrying a GPS position, as a phone camera writes it.

export const SMALL_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAQABgDASIAAhEBAxEB/8QAGAAAAgMAAAAAAAAAAAAAAAAAAAYCBQf/xAAaEAACAgMAAAAAAAAAAAAAAAAAAQcRRaTi/8QAFgEBAQEAAAAAAAAAAAAAAAAABQIG/8QAGxEAAgIDAQAAAAAAAAAAAAAAAAMBIQIEESL/2gAMAwEAAhEDEQA/AKhI0BRhWY1uxBSH9SZeH2eSUrnlCO4+e1IipASSAZwVRnGv9H//2Q==',
  'base64',
);

/** Degrees as the three RATIONALs (deg, min, sec×100/100) of an Exif GPS coordinate. */
function dms(v: number): number[] {
  const d = Math.floor(v);
  const m = Math.floor((v - d) * 60);
  const s = Math.round(((v - d) * 60 - m) * 60 * 100);
  return [d, 1, m, 1, s, 100];
}

/** A big-endian TIFF with IFD0 → GPS IFD (latitude, longitude), wrapped as an APP1 Exif segment. */
export function gpsExifSegment(lat: number, lon: number): Buffer {
  const tiff = Buffer.alloc(8 + (2 + 12 + 4) + (2 + 4 * 12 + 4) + 48);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  // IFD0: one entry, GPSInfo (0x8825, LONG) pointing at the GPS IFD.
  let o = 8;
  tiff.writeUInt16BE(1, o);
  const gpsIfd = 8 + 2 + 12 + 4;
  tiff.writeUInt16BE(0x8825, o + 2);
  tiff.writeUInt16BE(4, o + 4);
  tiff.writeUInt32BE(1, o + 6);
  tiff.writeUInt32BE(gpsIfd, o + 10);
  tiff.writeUInt32BE(0, o + 14);
  // GPS IFD: LatitudeRef, Latitude, LongitudeRef, Longitude.
  o = gpsIfd;
  const data = gpsIfd + 2 + 4 * 12 + 4;
  tiff.writeUInt16BE(4, o);
  const entry = (i: number, tag: number, type: number, count: number, value: (at: number) => void) => {
    const at = o + 2 + i * 12;
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    value(at + 8);
  };
  entry(0, 1, 2, 2, (at) => tiff.write('N\0', at, 'latin1'));
  entry(1, 2, 5, 3, (at) => tiff.writeUInt32BE(data, at));
  entry(2, 3, 2, 2, (at) => tiff.write('E\0', at, 'latin1'));
  entry(3, 4, 5, 3, (at) => tiff.writeUInt32BE(data + 24, at));
  tiff.writeUInt32BE(0, o + 2 + 4 * 12);
  [...dms(lat), ...dms(lon)].forEach((v, i) => tiff.writeUInt32BE(v, data + i * 4));
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffe1, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** The photo with a GPS Exif segment right after SOI, where cameras put it. */
export function jpegWithGps(lat = 31.2304, lon = 121.4737, jpeg = SMALL_JPEG): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), gpsExifSegment(lat, lon), jpeg.subarray(2)]);
}
