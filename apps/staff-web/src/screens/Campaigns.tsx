import { Campaigns } from './campaigns/CampaignsScreen';

/** Campaigns: list, compose, approvals inbox with the diff, sending and the live funnel (see ./campaigns). */
export function CampaignsScreen() {
  return <Campaigns />;
}
