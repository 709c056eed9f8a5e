"""The filter language in one screen, printed word for word by `guantask filter --help`.

Help text only (cheap to import); `guantask.filters.language` implements the language.
"""

FILTER_HELP = """\
Select tasks with terms; terms side by side must all hold.

  leader:NAME       领导      a leader: part of the name, characters in order, or pinyin
  unit:NAME         单位      a lead or responsible unit (工信, 发改, gxj)
  lead:NAME         牵头单位  a lead unit          responsible:NAME  责任单位
  assignee:TEXT     责任人    part of the assignee's name
  status:STATUS     状态      not-started in-progress at-risk blocked done signed-off
                              (未开始 进行中 有风险 受阻 已完成 已销号)
  light:LIGHT       灯        red yellow green done (红 黄 绿)
  due<DATE          时限      also due.before:DATE, due.after:DATE
  percent<N         进度      0-100
  id:N  section:N (章)  subsection:N
  text:WORD         内容      part of the task text; a bare WORD does the same
  +overdue  +duesoon  +stale  +done (done or signed-off)  +assigned  +unassigned

Operators: field:value (= is the same), field!=value; < <= > >= for id, section,
subsection, percent and due.
Combine: A B (both), A or B, A | B, not A, -A, ( ... ). not binds tightest, then
and, then or. Parentheses may stand alone or touch a term: (unit:发改 or unit:财政).
A value or word starting with " or ' runs to the matching quote: text:"new energy".
Dates: 2024-06-30 2024/6/30 20240630 6月30日 6月底 today +3d -2w eom eoq eoy
next friday (6月30日 and 6月底 fall in the plan's year).

Examples:
  guantask filter leader:张怀恒 unit:工信 'due<2024-07-01' 'percent<50' not status:done 5G
  guantask filter +overdue or light:red
  guantask filter '(unit:发改 or unit:财政) -status:signed-off due.before:eoq'
  guantask filter leader:zhh +duesoon
  guantask filter '内容:"5G 基站" or 章:三' --format json
"""
