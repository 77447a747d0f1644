// Saves text or a Blob as a file through a Blob URL and a temporary `<a download>`: nothing
// leaves the page over the network.

export function downloadBlob(blob: Blob, file: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked after the click has been handled (the download keeps its own reference).
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function downloadText(text: string, file: string, type: string): void {
  downloadBlob(new Blob([text], { type }), file);
}
