import { config } from '../../../../config';
import { ROUTES } from '../../../../utils/routes';

/**
 * 投诉指引: the institution must publish its complaint channels and process in its mobile client
 * (银行业保险业消费投诉处理管理办法), so this page is a regulatory duty, not decoration.
 */
Component({
  data: {
    hotline: config.hotline,
    channels: [
      { name: '小程序在线投诉', detail: '“投诉服务”页面，随时提交，可上传图片、查看进度' },
      { name: '客服热线', detail: `${config.hotline}（7×24小时）` },
      { name: '官方网站与App', detail: '“客户服务—投诉建议”栏目' },
      { name: '信函', detail: '寄送至本公司消费者权益保护部' },
    ],
    steps: [
      { name: '受理', detail: '收到投诉后48小时内受理并告知您' },
      { name: '调查处理', detail: '专人负责，一般7个工作日内处理完毕' },
      { name: '答复', detail: '自收到投诉之日起15日内作出决定并告知您；情况复杂的可延长至30日，并告知您延长理由' },
      { name: '评价与核查', detail: '对处理结果不满意的，可在收到答复后30日内申请核查，由上级人员另行处理' },
    ],
    remedies: '您还可以申请调解，或依法申请仲裁、提起诉讼。',
  },
  methods: {
    onCall() {
      wx.makePhoneCall({ phoneNumber: this.data.hotline });
    },
    onNew() {
      wx.navigateTo({ url: ROUTES.complaintForm });
    },
  },
});
