(function () {
  "use strict";
  var TEXT = {
    "en-US": {
      title: "Book a callback", languageLabel: "Language", reasonLegend: "1. What is it about?",
      reasonLabel: "Reason", reason_inquiry: "A question", reason_fault: "Something is not working",
      reason_order: "An order", reason_complaint: "A complaint", reason_cancellation: "Cancelling a service",
      reason_consultation: "Advice before buying", slotLegend: "2. When should we call?",
      timesIn: "Times are shown in your time zone:", moreSlots: "Later times", phoneLegend: "3. Your phone number",
      phoneLabel: "Phone number (international format)", sendCode: "Text me a code",
      codeLabel: "The 6-digit code we sent", confirm: "Confirm booking", yourBooking: "Your callback",
      when: "When", reference: "Reference", statusLabel: "Status", move: "Choose another time",
      cancel: "Cancel the callback", moveLegend: "Pick the new time", moveConfirm: "Move my callback",
      bookAnother: "Book another callback", loading: "Loading…", noSlots: "No free times right now. Please try again later.",
      pickSlot: "Please choose a time.", enterPhone: "Please enter your phone number.", codeSent: "We sent a code to {phone}.",
      enterCode: "Please enter the 6-digit code.", booked: "Your callback is booked.", cancelled: "Your callback is cancelled.",
      moved: "Your callback has moved.", slotFull: "That time has just filled up. Here are the next free times.",
      alreadyBooked: "You already have a callback booked.", showExisting: "Show my booking",
      confirmCancel: "Cancel this callback?", status_booked: "Booked", status_cancelled: "Cancelled",
      status_calling: "Calling you now", status_retrying: "We will try again shortly", status_completed: "Done",
      status_missed: "We could not reach you", status_refused: "Cannot be called", failed: "Something went wrong. Please try again."
    },
    "zh-CN": {
      title: "预约回电", languageLabel: "语言", reasonLegend: "1. 您要咨询什么？", reasonLabel: "原因",
      reason_inquiry: "一般咨询", reason_fault: "故障报修", reason_order: "订单问题", reason_complaint: "投诉",
      reason_cancellation: "取消服务", reason_consultation: "购买前咨询", slotLegend: "2. 我们什么时候给您回电？",
      timesIn: "时间按您所在时区显示：", moreSlots: "更晚的时间", phoneLegend: "3. 您的电话号码",
      phoneLabel: "电话号码（国际格式）", sendCode: "发送验证码", codeLabel: "短信中的 6 位验证码",
      confirm: "确认预约", yourBooking: "您的回电预约", when: "时间", reference: "预约号", statusLabel: "状态",
      move: "改约其他时间", cancel: "取消回电", moveLegend: "选择新的时间", moveConfirm: "确认改期",
      bookAnother: "再预约一次", loading: "加载中…", noSlots: "暂无可预约时间，请稍后再试。", pickSlot: "请选择一个时间。",
      enterPhone: "请输入您的电话号码。", codeSent: "验证码已发送至 {phone}。", enterCode: "请输入 6 位验证码。",
      booked: "回电已预约成功。", cancelled: "回电预约已取消。", moved: "回电时间已更改。",
      slotFull: "该时间刚刚约满，以下是最近的可预约时间。", alreadyBooked: "您已经有一个回电预约。", showExisting: "查看我的预约",
      confirmCancel: "确定取消这次回电吗？", status_booked: "已预约", status_cancelled: "已取消", status_calling: "正在呼叫您",
      status_retrying: "稍后将再次呼叫", status_completed: "已完成", status_missed: "未能联系到您", status_refused: "无法呼叫",
      failed: "出错了，请重试。"
    }
  };
  var params = new URLSearchParams(window.location.search);
  var language = params.get("lang") || ((navigator.language || "").toLowerCase().indexOf("zh") === 0 ? "zh-CN" : "en-US");
  if (!TEXT[language]) { language = "en-US"; }
  var zone = (Intl.DateTimeFormat().resolvedOptions().timeZone) || "UTC";
  var state = { verificationId: null, lastSlot: null, booking: null };
  var $ = function (id) { return document.getElementById(id); };

  function t(key, values) {
    var text = TEXT[language][key] || TEXT["en-US"][key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.replace("{" + name + "}", values[name]); });
    return text;
  }
  function applyLanguage() {
    document.documentElement.lang = language;
    document.title = t("title");
    $("language").value = language;
    document.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = t(node.getAttribute("data-i18n")); });
  }
  function say(message) { $("alert").hidden = true; $("status").textContent = message || ""; }
  function fail(message) { $("status").textContent = ""; $("alert").textContent = message; $("alert").hidden = false; }
  function busy(button, on) { button.disabled = on; button.setAttribute("aria-busy", on ? "true" : "false"); }

  function api(method, path, body) {
    var options = { method: method, headers: { "Accept": "application/json" } };
    if (body !== undefined) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
    return fetch(path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { var error = new Error((data.error && data.error.message) || t("failed")); error.detail = data.error || {}; throw error; }
        return data;
      });
    });
  }
  function formatSlot(slot) {
    var start = new Date(slot.startsAt);
    return new Intl.DateTimeFormat(language, { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: zone }).format(start);
  }
  function renderSlots(container, slots, name) {
    container.textContent = "";
    if (!slots.length) { var empty = document.createElement("p"); empty.textContent = t("noSlots"); container.appendChild(empty); return; }
    slots.forEach(function (slot, index) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio"; input.name = name; input.value = slot.startsAt;
      if (index === 0 && name === "slot") { input.required = true; }
      var text = document.createElement("span");
      text.textContent = formatSlot(slot);
      label.appendChild(input); label.appendChild(text);
      container.appendChild(label);
    });
    state.lastSlot = slots[slots.length - 1].startsAt;
  }
  function chosen(name) { var input = document.querySelector("input[name='" + name + "']:checked"); return input ? input.value : null; }

  function loadSlots(container, name, after) {
    say(t("loading"));
    var query = "callbacks/slots?limit=12&tz=" + encodeURIComponent(zone) + "&lang=" + encodeURIComponent(language) + (after ? "&after=" + encodeURIComponent(after) : "");
    return api("GET", query).then(function (data) { renderSlots(container, data.slots, name); say(""); })
      .catch(function (error) { fail(error.message); });
  }

  function showBooking(booking, message) {
    state.booking = booking;
    $("booking-form").hidden = true;
    $("booking").hidden = false;
    $("move-step").hidden = true;
    $("booking-when").textContent = formatSlot(booking);
    $("booking-reference").textContent = booking.reference;
    $("booking-status").textContent = t("status_" + booking.status);
    var pending = booking.status === "booked";
    $("move").hidden = !pending; $("cancel").hidden = !pending;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "?booking=" + encodeURIComponent(booking.id) + "&lang=" + language);
    }
    say(message || "");
    $("booking").focus();
  }
  function loadBooking(id) {
    return api("GET", "callbacks/bookings/" + encodeURIComponent(id)).then(function (booking) { showBooking(booking); })
      .catch(function (error) { fail(error.message); });
  }

  $("language").addEventListener("change", function () {
    language = this.value; applyLanguage();
    if (state.booking) { showBooking(state.booking); } else { loadSlots($("slots"), "slot"); }
  });
  $("more-slots").addEventListener("click", function () { loadSlots($("slots"), "slot", state.lastSlot); });
  $("send-code").addEventListener("click", function () {
    var phone = $("phone").value.replace(/[\s().-]/g, "").replace(/^00/, "+");  // the API takes E.164 only
    if (!phone) { fail(t("enterPhone")); $("phone").focus(); return; }
    var button = this; busy(button, true);
    api("POST", "callbacks/verifications", { phone: phone, language: language }).then(function (data) {
      state.verificationId = data.verificationId;
      $("code-step").hidden = false;
      say(t("codeSent", { phone: data.phone }));
      $("code").focus();
    }).catch(function (error) { fail(error.message); }).then(function () { busy(button, false); });
  });
  $("booking-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var slot = chosen("slot");
    if (!slot) { fail(t("pickSlot")); return; }
    var code = $("code").value.trim();
    if (!/^[0-9]{6}$/.test(code)) { fail(t("enterCode")); $("code").focus(); return; }
    var button = $("confirm"); busy(button, true);
    api("POST", "callbacks/bookings", {
      verificationId: state.verificationId, code: code, slot: slot, reason: $("reason").value, language: language, timeZone: zone
    }).then(function (booking) { showBooking(booking, t("booked")); }).catch(function (error) {
      if (error.detail.code === "slot_full") {
        renderSlots($("slots"), error.detail.nextSlots || [], "slot");
        fail(t("slotFull"));
      } else if (error.detail.code === "already_booked" && error.detail.bookingId) {
        fail(t("alreadyBooked"));
        var link = document.createElement("a");
        link.href = "?booking=" + encodeURIComponent(error.detail.bookingId) + "&lang=" + language;
        link.textContent = " " + t("showExisting");
        $("alert").appendChild(link);
      } else { fail(error.message); }
    }).then(function () { busy(button, false); });
  });
  $("cancel").addEventListener("click", function () {
    if (!window.confirm(t("confirmCancel"))) { return; }
    var button = this; busy(button, true);
    api("DELETE", "callbacks/bookings/" + encodeURIComponent(state.booking.id)).then(function (booking) { showBooking(booking, t("cancelled")); })
      .catch(function (error) { fail(error.message); }).then(function () { busy(button, false); });
  });
  $("move").addEventListener("click", function () {
    $("move-step").hidden = false;
    loadSlots($("move-slots"), "move-slot").then(function () { var first = document.querySelector("input[name='move-slot']"); if (first) { first.focus(); } });
  });
  $("move-confirm").addEventListener("click", function () {
    var slot = chosen("move-slot");
    if (!slot) { fail(t("pickSlot")); return; }
    var button = this; busy(button, true);
    api("PATCH", "callbacks/bookings/" + encodeURIComponent(state.booking.id), { slot: slot }).then(function (booking) { showBooking(booking, t("moved")); })
      .catch(function (error) {
        if (error.detail.code === "slot_full") { renderSlots($("move-slots"), error.detail.nextSlots || [], "move-slot"); fail(t("slotFull")); }
        else { fail(error.message); }
      }).then(function () { busy(button, false); });
  });

  applyLanguage();
  $("zone").textContent = zone;
  var existing = params.get("booking");
  if (existing) { $("booking-form").hidden = true; loadBooking(existing); } else { loadSlots($("slots"), "slot"); }
})();
