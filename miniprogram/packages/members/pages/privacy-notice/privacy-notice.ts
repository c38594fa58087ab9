import type { PrivacyNoticeView } from '../../../../../typings/privacy';
import { ApiCallError, callFunction } from '../../../../services/api';

/** 隐私政策 in full: the version and text come from the server, the one source the consent is recorded against. */
Component({
  data: {
    notice: null as PrivacyNoticeView | null,
    loading: false,
    failure: '',
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ loading: true, failure: '' });
      try {
        this.setData({ notice: await callFunction<PrivacyNoticeView>('members', 'privacyNotice') });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : '加载失败，请重试' });
      } finally {
        this.setData({ loading: false });
      }
    },
    onRetry() {
      this.load();
    },
  },
});
