/** The quality review page's words in en-US and zh-CN (one table: a missing translation fails tsc). */
const en = {
  title: "Quality review",
  from: "From",
  to: "To",
  show: "Show",
  agent: "Agent",
  sampled: "Sampled calls",
  qaScore: "QA score",
  reviews: "Reviews",
  noSample: "No calls were sampled for these days.",
  contact: "Contact",
  day: "Day",
  score: "Score",
  notReviewed: "not reviewed",
  review: "Review",
  recording: "Recording",
  noRecording: "No recording for this call",
  events: "What happened on the call",
  attributes: "What the flow recorded",
  criteria: "Score the call",
  notes: "Notes",
  save: "Save the review",
  saved: "Review saved, score",
  close: "Close",
  error: "The API refused this request",
  notAllowed: "You do not have access to this page.",
};

type Key = keyof typeof en;

const zh: Record<Key, string> = {
  title: "质检",
  from: "从",
  to: "到",
  show: "显示",
  agent: "坐席",
  sampled: "抽检通话",
  qaScore: "质检得分",
  reviews: "已评",
  noSample: "这些日期没有抽检通话。",
  contact: "联系",
  day: "日期",
  score: "得分",
  notReviewed: "未评",
  review: "评分",
  recording: "录音",
  noRecording: "此通话没有录音",
  events: "通话经过",
  attributes: "流程记录",
  criteria: "为通话评分",
  notes: "备注",
  save: "保存评分",
  saved: "已保存，得分",
  close: "关闭",
  error: "API 拒绝了此请求",
  notAllowed: "您无权访问此页面。",
};

export type Words = (key: Key) => string;

export function words(): Words {
  const table = document.documentElement.lang === "zh-CN" ? zh : en;
  return (key) => table[key];
}
