import { config } from '../../../../config';
import { callFunction, failureMessage } from '../../../../services/api';

let timer: number | undefined;

/** 绑定保单: policy number + the holder's phone, then the SMS code sent to that phone. */
Component({
  data: {
    policyNo: '',
    phone: '',
    code: '',
    sentTo: '',
    countdown: 0,
    sending: false,
    confirming: false,
    quickBinding: false,
    failure: '',
    hotline: config.hotline,
  },
  methods: {
    onUnload() {
      if (timer) clearInterval(timer);
    },
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ [String(e.currentTarget.dataset.field)]: e.detail.value.trim(), failure: '' });
    },
    tick(seconds: number) {
      if (timer) clearInterval(timer);
      this.setData({ countdown: seconds });
      timer = setInterval(() => {
        const left = this.data.countdown - 1;
        this.setData({ countdown: Math.max(left, 0) });
        if (left <= 0 && timer) clearInterval(timer);
      }, 1000) as unknown as number;
    },
    async onSend() {
      if (this.data.sending || this.data.countdown > 0) return;
      this.setData({ sending: true, failure: '' });
      try {
        const res = await callFunction<{ sentTo: string; resendAfterSeconds: number }>('members', 'startBinding', {
          policyNo: this.data.policyNo,
          phone: this.data.phone,
        });
        this.setData({ sentTo: res.sentTo });
        this.tick(res.resendAfterSeconds);
      } catch (e) {
        this.setData({ failure: failureMessage(e) });
      } finally {
        this.setData({ sending: false });
      }
    },
    /** The getPhoneNumber button: WeChat hands a one-time code the server exchanges for the verified phone. */
    async onWeChatPhone(e: { detail: { code?: string; errMsg?: string } }) {
      if (this.data.quickBinding) return;
      if (!e.detail.code) {
        this.setData({ failure: '未获得微信手机号授权，可改用短信验证码' });
        return;
      }
      this.setData({ quickBinding: true, failure: '' });
      try {
        await callFunction('members', 'bindWithWeChatPhone', { policyNo: this.data.policyNo, phoneCode: e.detail.code });
        wx.showToast({ title: '绑定成功', icon: 'success' });
        wx.navigateBack();
      } catch (err) {
        this.setData({ failure: failureMessage(err) });
      } finally {
        this.setData({ quickBinding: false });
      }
    },
    async onConfirm() {
      if (this.data.confirming) return;
      this.setData({ confirming: true, failure: '' });
      try {
        await callFunction('members', 'confirmBinding', { policyNo: this.data.policyNo, phone: this.data.phone, code: this.data.code });
        wx.showToast({ title: '绑定成功', icon: 'success' });
        wx.navigateBack();
      } catch (e) {
        this.setData({ failure: failureMessage(e) });
      } finally {
        this.setData({ confirming: false });
      }
    },
  },
});
