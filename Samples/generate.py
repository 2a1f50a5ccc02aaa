#!/usr/bin/env python3
"""Writes the sample evidence folders Samples/zhaoqing-2020-complete and Samples/zhaoqing-2020-gaps.

Deterministic (seeded). The complete folder passes every task as of 2021-02-01; the gaps folder has exactly
these gaps: the leader's designation not filed (task 28), no quarterly website check in Q3 and a patrol gap of
several weeks (task 26), a normative document sent to the gazette late (task 27), and the annual report
published 2021-02-03 (task 32). Run: python3 Samples/generate.py
"""
import csv, datetime as dt, hashlib, json, os, random, shutil, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
D = dt.date

from cncalendar import add_wd, is_working, working_days

BUSINESS = ["审批科", "综合科", "促进科", "资管科", "市场科", "服贸科", "机电科", "电商科", "口岸科"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"

def yaml_scalar(v):
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, (int, float)): return str(v)
    if isinstance(v, list): return "[" + ", ".join(yaml_scalar(x) for x in v) + "]"
    if isinstance(v, D): return v.isoformat()
    s = str(v)
    return json.dumps(s, ensure_ascii=False) if any(c in s for c in ':#{}[],&*!|>\'"%@`') or s.strip() != s else s

def write_records(path, records, comment):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# {comment}\n")
        for r in records:
            first = True
            for k, v in r.items():
                if k == "attachments":
                    f.write(("- " if first else "  ") + "attachments:\n")
                    for a in v:
                        f.write(f"    - path: {a['path']}\n      sha256: {a['sha256']}\n")
                else:
                    f.write(("- " if first else "  ") + f"{k}: {yaml_scalar(v)}\n")
                first = False

def attach(root, rel, text):
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    data = text.encode("utf-8")
    open(p, "wb").write(data)
    return {"path": rel, "sha256": hashlib.sha256(data).hexdigest()}

def build(root, gaps):
    rng = random.Random(2020)
    if os.path.exists(root): shutil.rmtree(root)
    os.makedirs(root)
    open(os.path.join(root, "gongkai.yaml"), "w", encoding="utf-8").write(
        "# 证据目录配置\nplan: zhaoqing-commerce-2020\nagency: 肇庆市商务局\nyear: 2020\n")

    # 28, 29: designations.
    leader = {"id": "leader-2020", "type": "leader-designation", "department": "办公室", "title": "关于调整局政务公开工作领导小组的通知",
              "person": "陈志明", "position": "党组成员、副局长", "from": D(2019, 3, 1), "doc_no": "肇商务〔2019〕12号"}
    if not gaps:
        leader.update({"filed_with": "肇庆市政务服务数据管理局", "filed_on": D(2019, 3, 8)})
    notice = attach(root, "附件/领导小组调整通知.txt", "肇庆市商务局关于调整局政务公开工作领导小组的通知（肇商务〔2019〕12号）\n由陈志明同志分管政府信息公开工作。\n")
    leader["attachments"] = [notice]
    office = {"id": "office-2020", "type": "office-designation", "department": "办公室", "title": "指定办公室为政府信息公开工作机构",
              "office": "办公室", "staff": 3, "from": D(2019, 3, 1), "doc_no": "肇商务〔2019〕12号"}
    write_records(os.path.join(root, "指定/designations.yaml"), [leader, office], "任务28、29：分管领导与政府信息公开工作机构")

    # 26: website checks as a ledger: a patrol every working day, a check each quarter, the yearly evaluation.
    rows = []
    gap = (D(2020, 7, 6), D(2020, 8, 14)) if gaps else None
    for d in working_days(D(2020, 1, 1), D(2020, 12, 31)):
        if gap and gap[0] <= d <= gap[1]: continue
        rows.append({"id": f"patrol-{d}", "date": d, "kind": "patrol", "site": "肇庆市商务局网站", "issues_found": rng.choice([0, 0, 0, 1]), "department": "办公室"})
    for q, d in enumerate([D(2020, 3, 20), D(2020, 6, 19), D(2020, 9, 18), D(2020, 12, 18)], 1):
        if gaps and q == 3: continue
        rows.append({"id": f"quarterly-2020Q{q}", "date": d, "kind": "quarterly", "site": "肇庆市商务局网站", "issues_found": rng.randint(0, 4), "department": "办公室"})
    rows.append({"id": "annual-2020", "date": D(2020, 12, 25), "kind": "annual", "site": "肇庆市商务局网站", "issues_found": 2, "department": "办公室"})
    rows.sort(key=lambda r: (r["date"], r["id"]))
    os.makedirs(os.path.join(root, "网站"), exist_ok=True)
    with open(os.path.join(root, "网站/website-check-2020.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "date", "kind", "site", "issues_found", "department"])
        w.writeheader()
        for r in rows: w.writerow(r)

    # 27: normative documents to the gazette within 5 working days.
    docs = []
    for i, (issued, title) in enumerate([(D(2020, 3, 16), "肇庆市商务发展专项资金管理办法"), (D(2020, 6, 22), "肇庆市外贸企业稳增长扶持办法"),
                                          (D(2020, 9, 25), "肇庆市电子商务示范企业认定办法"), (D(2020, 11, 30), "肇庆市商贸流通企业扶持实施细则")], 1):
        submitted = add_wd(issued, 5 if i == 3 else rng.randint(1, 4))
        if gaps and i == 4: submitted = add_wd(issued, 9)
        docs.append({"doc_no": f"肇商务规〔2020〕{i}号", "title": title, "issued_on": issued, "gazette_submitted_on": submitted,
                     "status": "新制发", "department": "综合科" if i % 2 else "服贸科"})
    os.makedirs(os.path.join(root, "规范性文件"), exist_ok=True)
    with open(os.path.join(root, "规范性文件/normative-document.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["doc_no", "title", "issued_on", "gazette_submitted_on", "status", "department"])
        w.writeheader()
        for r in docs: w.writerow(r)

    # Publications, interpretations, trainings, work records linked to tasks.
    pubs, interp, train, work = [], [], [], []
    def pub(task, dept, title, day, channel="局网站", formed=None, category=None):
        r = {"id": f"pub-{len(pubs) + 1:03d}", "type": "publication", "department": dept, "tasks": task, "title": title,
             "published_on": day, "channel": channel}
        if formed: r["formed_on"] = formed
        if category: r["category"] = category
        pubs.append(r)
    pub([1], "审批科", "肇庆市商务局权责清单（2020年版）", D(2020, 4, 20), formed=D(2020, 4, 1), category="权责清单")
    pub([2], "办公室", "肇庆市商务局机构职能目录", D(2020, 5, 15), formed=D(2020, 4, 28), category="机构职能")
    pub([4], "综合科", "肇庆市商务局现行有效规范性文件目录", D(2020, 11, 20), formed=D(2020, 11, 2), category="规范性文件目录")
    pub([5], "办公室", "肇庆市商务局制度文件汇编（政策文件专栏）", D(2020, 8, 10))
    pub([7], "办公室", "“六保”相关政策措施汇总发布", D(2020, 5, 8))
    pub([7], "办公室", "商务领域纾困惠企资金流向公开", D(2020, 9, 15), formed=D(2020, 9, 1))
    pub([9], "审批科", "商务领域“一件事”办事指南更新", D(2020, 6, 30), channel="广东政务服务网", formed=D(2020, 6, 12))
    for i, d in enumerate([D(2020, 2, 10), D(2020, 3, 5), D(2020, 4, 15)]):
        pub([11, 12], "办公室", f"全市商务系统疫情防控工作动态（第{i + 1}期）", d)
    pub([13], "办公室", "关于网传“外贸企业停工”消息的情况说明", D(2020, 2, 18))
    pub([14], "办公室", "肇庆市商务局突发公共事件应急预案", D(2020, 6, 5), formed=D(2020, 5, 20), category="应急预案")
    pub([15], "办公室", "商贸企业复工复产疫情防控指引", D(2020, 3, 2))
    pub([18], "办公室", "2020年主动公开基本目录", D(2020, 4, 10), formed=D(2020, 3, 25))
    pub([19], "办公室", "政府信息公开专栏法定主动公开内容梳理", D(2020, 7, 20), channel="政府信息公开平台")
    interp_docs = ["肇庆市稳外贸稳外资若干措施", "关于促进消费扩容提质的实施意见", "肇庆市商务发展专项资金管理办法", "外贸企业出口转内销工作方案",
                   "肇庆市外贸企业稳增长扶持办法", "肇庆市电子商务示范企业认定办法", "关于做好“六保”工作的通知", "肇庆市商贸流通企业扶持实施细则"]
    forms = ["图解", "文字解读", "问答", "视频", "新闻发布会", "文字解读", "图解", "在线访谈"]
    for i, doc in enumerate(interp_docs):
        interp.append({"id": f"interp-{i + 1:02d}", "type": "policy-interpretation", "department": "办公室", "tasks": [6, 8, 22] if i < 2 else [6],
                       "document": doc, "published_on": D(2020, 2 + i, 12 + i % 5), "form": forms[i]})
    interp.append({"id": "interp-12", "type": "policy-interpretation", "department": "办公室", "tasks": [12], "document": "疫情防控期间商贸企业扶持政策",
                   "published_on": D(2020, 3, 20), "form": "问答"})
    for i, dept in enumerate(BUSINESS):
        train.append({"id": f"train-10-{i + 1}", "type": "training", "department": dept, "tasks": [10], "topic": f"{dept}减税降费政策解读培训",
                      "attendees": rng.randint(8, 30), "date": D(2020, 5 + i % 6, 8 + i)})
    train.append({"id": "train-14", "type": "training", "department": "办公室", "tasks": [14], "topic": "突发公共事件应急预案宣传培训", "attendees": 45, "date": D(2020, 6, 18)})
    train.append({"id": "train-30", "type": "training", "department": "办公室", "tasks": [30], "topic": "《政府信息公开条例》专题学习（领导干部学法）", "attendees": 60, "date": D(2020, 7, 9)})
    def wr(task, dept, title, day, summary):
        work.append({"id": f"work-{len(work) + 1:02d}", "type": "work-record", "department": dept, "tasks": task, "title": title, "date": day, "summary": summary})
    wr([3], "综合科", "重大行政决策公众参与工作机制", D(2020, 6, 1), "制定重大行政决策听取意见工作规程")
    wr([8], "办公室", "政策解读工作机制", D(2020, 4, 8), "建立发布前预期引导、发布时同步解读、发布后跟踪反馈机制")
    wr([13], "办公室", "涉疫舆情监测与回应台账", D(2020, 3, 31), "全年监测涉疫舆情12条，均已回应")
    wr([16], "办公室", "涉公共卫生事件申请办理情况", D(2020, 12, 10), "涉公共卫生事件申请均依法答复")
    wr([17], "办公室", "疫情防控个人信息保护措施", D(2020, 3, 12), "收集的个人信息专人保管、限期销毁")
    wr([20], "办公室", "依申请公开办理内部制度", D(2020, 5, 20), "按《广东省政府信息公开申请办理答复规范》修订答复文书")
    wr([21], "办公室", "不予公开条款适用审核记录", D(2020, 11, 5), "不予公开决定均经法制审核，从严把握")
    wr([23], "办公室", "政府网站整合优化", D(2020, 8, 28), "完成网站栏目整合")
    wr([24], "办公室", "“数字政府”政务公开与政务服务融合", D(2020, 10, 16), "办事指南与政策文件关联")
    wr([31], "办公室", "清理规范政务公开评估颁奖活动", D(2020, 9, 8), "本年度未参加社会评估颁奖活动")
    consult = [{"id": "consult-01", "type": "public-consultation", "department": "综合科", "tasks": [3], "topic": "肇庆市商贸流通企业扶持实施细则（征求意见稿）",
                "start_on": D(2020, 10, 9), "end_on": D(2020, 11, 9), "comments": 7}]
    security = [{"id": f"security-2020Q{q}", "type": "security-check", "department": "办公室", "title": f"第{q}季度网站安全检查", "date": d,
                 "site": "肇庆市商务局网站", "result": "未发现高危漏洞"} for q, d in enumerate([D(2020, 3, 25), D(2020, 6, 24), D(2020, 9, 23), D(2020, 12, 22)], 1)]
    write_records(os.path.join(root, "公开/publications.yaml"), pubs, "主动公开信息")
    write_records(os.path.join(root, "公开/interpretations.yaml"), interp, "政策解读")
    write_records(os.path.join(root, "培训/training.yaml"), train, "培训学习")
    write_records(os.path.join(root, "工作记录/work-records.yaml"), work + consult + security, "工作记录、意见征集、网络安全检查")

    # 16, 20, 21: the request ledger, with applicants' personal data that no report may print.
    types = ["自然人"] * 6 + ["商业企业"] * 3 + ["科研机构", "社会公益组织", "法律服务机构", "其他"]
    outcomes = ["予以公开"] * 5 + ["部分公开"] * 2 + ["不予公开-保护第三方合法权益", "无法提供-本机关不掌握相关政府信息", "不予处理-重复申请"]
    reqs = []
    received = D(2020, 1, 6)
    n = 0
    while received < D(2020, 12, 20):
        n += 1
        name = rng.choice(SURNAMES) + rng.choice("志明丽华建国秀英海燕国强")
        phone = "139" + "".join(str(rng.randint(0, 9)) for _ in range(8))
        idno = "4412" + "".join(str(rng.randint(0, 9)) for _ in range(13)) + rng.choice("0123456789X")
        extended = n % 9 == 0
        answer = add_wd(received, rng.randint(25, 38) if extended else rng.randint(5, 18))
        # Some requests pause the clock: asked to complete the request (条例 art. 30), or a third party consulted
        # (arts. 32, 33). Their answers come after 20 working days from receipt and are still on time.
        pause = {"correction_requested_on": "", "corrected_on": "", "consultation_sent_on": "", "consultation_answered_on": ""}
        if not extended and received < D(2020, 11, 1) and n % 11 == 5:
            pause["correction_requested_on"], pause["corrected_on"] = add_wd(received, 3), add_wd(received, 10)
            answer = add_wd(received, 26)
        elif not extended and received < D(2020, 11, 1) and n % 13 == 7:
            pause["consultation_sent_on"], pause["consultation_answered_on"] = add_wd(received, 4), add_wd(received, 14)
            answer = add_wd(received, 27)
        reqs.append({"request_no": f"肇商务依申〔2020〕{n}号", "received_on": received, "applicant_type": rng.choice(types),
                     "applicant_name": name, "applicant_phone": phone, "applicant_id_no": idno,
                     "content": "申请公开商务领域相关政策文件" if n % 4 else "申请公开疫情期间商贸企业扶持资金发放情况",
                     "answered_on": answer, "outcome": rng.choice(outcomes), "extended": "是" if extended else "否",
                     "extension_approved_on": add_wd(received, 15) if extended else "", **pause,
                     "public_health": "是" if n % 4 == 0 else "否"})
        # 条例 arts. 31, 33 and 国办函〔2020〕109号 (issue 14): how each request came, and when it was confirmed; the
        # applicant told of an extension; fees. Derived from n, not drawn, so the rest of the samples stay as they were.
        r = reqs[-1]
        r["channel"] = ["当面", "网络", "邮政挂号/EMS", "电子邮件"][n % 4]
        r["confirmed_on"] = received if r["channel"] in ("网络", "电子邮件") else ""
        r["extension_notified_on"] = add_wd(received, 16) if extended else ""
        r["fee_notice_on"], r["fee_paid_on"], r["fee_amount"] = "", "", ""
        if not extended and not any(pause.values()) and n % 17 == 3:
            r["fee_notice_on"], r["fee_paid_on"], r["fee_amount"] = add_wd(received, 2), add_wd(received, 5), 200
            r["answered_on"] = add_wd(received, 22)
        if gaps and n == 8:
            # Closed because the fee was never paid: withdrawn (其他处理), neither late nor carried over.
            r["fee_notice_on"], r["fee_amount"], r["answered_on"], r["outcome"] = add_wd(received, 2), 300, "", ""
        received = add_wd(received, rng.randint(3, 9))
    os.makedirs(os.path.join(root, "依申请公开"), exist_ok=True)
    with open(os.path.join(root, "依申请公开/disclosure-request.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(reqs[0].keys()))
        w.writeheader()
        for r in reqs: w.writerow(r)

    # 32: the annual report, with its text.
    report_text = ("肇庆市商务局2020年政府信息公开工作年度报告\n\n一、总体情况\n2020年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，"
                   "按照《肇庆市商务局2020年政务公开工作要点分工方案》，全面落实政务公开工作要点各项任务。\n"
                   "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
                   "五、存在的主要问题及改进情况\n六、其他需要报告的事项\n")
    report = attach(root, "年度报告/2020年政府信息公开工作年度报告.txt", report_text)
    write_records(os.path.join(root, "年度报告/annual-report.yaml"), [{
        "id": "annual-report-2020", "type": "annual-report", "department": "办公室", "tasks": [32], "title": "肇庆市商务局2020年政府信息公开工作年度报告",
        "year": 2020, "published_on": D(2021, 2, 3) if gaps else D(2021, 1, 22), "file": report["path"], "attachments": [report]}],
        "任务32：政府信息公开工作年度报告")
    open(os.path.join(root, "README.md"), "w", encoding="utf-8").write(
        "# 肇庆市商务局 2020 年政务公开证据目录（示例）\n\n由 Samples/generate.py 生成。" + ("本目录含若干典型问题，用于演示。\n" if gaps else "本目录所有任务均已完成。\n"))

for name, gaps in (("zhaoqing-2020-complete", False), ("zhaoqing-2020-gaps", True)):
    build(os.path.join(HERE, name), gaps)
print("samples written")
