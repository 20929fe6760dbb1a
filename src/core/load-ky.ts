export function loadKy(): Promise<typeof import('ky')> {
  return import('ky');
}
