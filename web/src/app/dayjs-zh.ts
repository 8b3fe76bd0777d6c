// dayjs speaks Chinese (星期一, 12月7日) wherever it is imported from: the member home (no antd) and
// AntdShell (antd's locale) both load it; the module runs once.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

dayjs.locale('zh-cn');
