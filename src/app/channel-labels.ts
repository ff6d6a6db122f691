/**
 * Channel groups in a result carry the label their channel had at close, so a results
 * post, a summary or the dashboard a year later names them as the network knew them
 * then — also after a channel left or was renamed.
 */
import type { ChannelBinding } from '../core/network.ts';
import type { RoundResult } from '../core/result.ts';

export function labelChannels(result: RoundResult, bindings: readonly ChannelBinding[]): RoundResult {
  const channels = result.shown ? result.groups.channel : undefined;
  if (!result.shown || !channels) return result;
  const labels = new Map(bindings.flatMap((b) => (b.key && b.label ? [[b.key, b.label] as const] : [])));
  const shown = channels.shown.map((g) => {
    const label = labels.get(g.group);
    return label === undefined ? g : { ...g, label };
  });
  return { ...result, groups: { ...result.groups, channel: { ...channels, shown } } };
}
