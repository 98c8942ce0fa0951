import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Provider } from '@nestjs/common';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { CampaignActions, CampaignSettings } from './campaign-actions';
import { CampaignService } from './campaign.service';
import { CampaignViews } from './campaign-view';
import { CampaignsRepository } from './campaigns.repository';
import { StaffViberLinks } from './staff-viber-links';
import { ApproveCampaign } from './usecases/approve-campaign/approve-campaign.usecase';
import { CancelCampaign } from './usecases/cancel-campaign/cancel-campaign.usecase';
import { ChooseAudience } from './usecases/choose-audience/choose-audience.usecase';
import { CreateCampaign } from './usecases/create-campaign/create-campaign.usecase';
import { EditCampaign } from './usecases/edit-campaign/edit-campaign.usecase';
import { GetAudienceSize } from './usecases/get-audience-size/get-audience-size.usecase';
import { GetCampaignHistory } from './usecases/get-campaign-history/get-campaign-history.usecase';
import { GetCampaign } from './usecases/get-campaign/get-campaign.usecase';
import { GetViberLink } from './usecases/get-viber-link/get-viber-link.usecase';
import { LinkViberAccount } from './usecases/link-viber-account/link-viber-account.usecase';
import { ListCampaigns } from './usecases/list-campaigns/list-campaigns.usecase';
import { PauseCampaign } from './usecases/pause-campaign/pause-campaign.usecase';
import { ResumeCampaign } from './usecases/resume-campaign/resume-campaign.usecase';
import { SendTest } from './usecases/send-test/send-test.usecase';
import { SubmitCampaign } from './usecases/submit-campaign/submit-campaign.usecase';

/** The campaign use cases, which tests may also drive without HTTP. */
export function campaignUseCases(
  runtime: ServiceRuntime,
  deps: {
    service: CampaignService;
    campaigns: CampaignsRepository;
    subscribers: SubscribersRepository;
    delivery: DeliveryRepository;
    links: StaffViberLinks;
  },
  settings: CampaignSettings,
) {
  const views = new CampaignViews(deps.subscribers, deps.delivery);
  const actions = new CampaignActions(deps.service, deps.campaigns, views, settings);
  return {
    createCampaign: new CreateCampaign(actions),
    getCampaign: new GetCampaign(actions),
    listCampaigns: new ListCampaigns(deps.campaigns),
    getCampaignHistory: new GetCampaignHistory(runtime, actions),
    getAudienceSize: new GetAudienceSize(deps.subscribers),
    editCampaign: new EditCampaign(actions),
    chooseAudience: new ChooseAudience(actions),
    sendTest: new SendTest(actions, deps.links),
    submitCampaign: new SubmitCampaign(actions),
    approveCampaign: new ApproveCampaign(actions),
    pauseCampaign: new PauseCampaign(actions),
    resumeCampaign: new ResumeCampaign(actions),
    cancelCampaign: new CancelCampaign(actions),
    linkViberAccount: new LinkViberAccount(deps.links, settings.now),
    getViberLink: new GetViberLink(deps.links),
  };
}
export type CampaignUseCases = ReturnType<typeof campaignUseCases>;

/** Each use case under its class, for the controller's constructor. */
export function campaignProviders(u: CampaignUseCases): Provider[] {
  return [
    { provide: CreateCampaign, useValue: u.createCampaign },
    { provide: GetCampaign, useValue: u.getCampaign },
    { provide: ListCampaigns, useValue: u.listCampaigns },
    { provide: GetCampaignHistory, useValue: u.getCampaignHistory },
    { provide: GetAudienceSize, useValue: u.getAudienceSize },
    { provide: EditCampaign, useValue: u.editCampaign },
    { provide: ChooseAudience, useValue: u.chooseAudience },
    { provide: SendTest, useValue: u.sendTest },
    { provide: SubmitCampaign, useValue: u.submitCampaign },
    { provide: ApproveCampaign, useValue: u.approveCampaign },
    { provide: PauseCampaign, useValue: u.pauseCampaign },
    { provide: ResumeCampaign, useValue: u.resumeCampaign },
    { provide: CancelCampaign, useValue: u.cancelCampaign },
    { provide: LinkViberAccount, useValue: u.linkViberAccount },
    { provide: GetViberLink, useValue: u.getViberLink },
  ];
}
