/** A content block as one readable line: text as is, media by type and size, resources by URI. */
export function describeContent(block: { type?: string; [key: string]: unknown }): string {
  switch (block.type) {
    case 'text':
      return String(block.text);
    case 'image':
    case 'audio':
      return `[${block.type} ${String(block.mimeType)}, ${Math.floor((String(block.data).length * 3) / 4)} bytes]`;
    case 'resource_link':
      return `[link ${String(block.uri)}]`;
    case 'resource': {
      const resource = block.resource as { uri: string; text?: string };
      return resource.text ?? `[resource ${resource.uri}]`;
    }
    default:
      return JSON.stringify(block);
  }
}
