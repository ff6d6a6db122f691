/**
 * The message builders, platform-neutral: each turns content, the network's language
 * and time zone, and use-case data into a ChatMessage or Form.
 */
export { answerConfirmation, withdrawnConfirmation } from './confirmation.ts';
export { errorMessage } from './error-message.ts';
export { answerForm, eraseForm, setupForm, ANSWER_FIELDS, SETUP_FIELDS, STATEMENT_FIELD_PREFIX, CUSTOM_SCHEDULE } from './forms.ts';
export { texts, formatDateTime, formatDate, type MessageContext } from './format.ts';
export { helpMessage, COMMANDS } from './help.ts';
export { channelsMessage, joinCodeBlocks, joinedMessage, leftMessage, newJoinCodeMessage, type ChannelLine } from './join-messages.ts';
export { mention, mentionList } from './mention.ts';
export { privacyMessage } from './privacy.ts';
export { enrichReasonParams, reasonText } from './reason.ts';
export { interventionsMessage, resultsMessage, tooFewText, type ResultsInput } from './results-message.ts';
export { countText, reminderMessage, roundMessage, type RoundMessageInput } from './round-message.ts';
export { erasedMessage, notice, setupConfirmation } from './setup-confirmation.ts';
export { summaryMessage, type SummaryInput } from './summary-message.ts';
export { tipsMessage } from './tips.ts';
export { scheduleMessage, type ScheduleInput } from './schedule-message.ts';
